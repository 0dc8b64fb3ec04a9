import type { SessionUser } from './auth/session';
import { employeeRecord, employeeRecordOf } from './employee';
import { employeeById } from './employee-lookup';
import { learnerOverview } from './learning';
import { ServiceError } from './errors';

/**
 * The employee page and /me: the training record plus lesson progress per module (which reads the
 * lesson collection, hence apart from employee.ts so that stays testable under Vitest).
 */
export async function employeePage(viewer: SessionUser, employeeNo: string) {
  const record = await employeeRecord(viewer, employeeNo);
  return { ...record, lessons: (await learnerOverview(record.employee.id)).modules };
}

/** The signed-in user's own record for /me. */
export async function myRecordPage(user: SessionUser) {
  const me = await employeeById(user.id);
  if (!me) throw new ServiceError('employee.notFound', 404);
  const record = await employeeRecordOf(user, me);
  return { ...record, lessons: (await learnerOverview(user.id)).modules };
}
