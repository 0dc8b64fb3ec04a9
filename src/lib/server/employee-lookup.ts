import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { teams, users } from '../../../db/schema';
import { mayManageEmployee, mayManageTraining, mayReadEmployee } from './access';
import type { SessionUser } from './auth/session';
import { ServiceError } from './errors';

/**
 * Matches a 工号 whatever its letter case: KF901 and kf901 are one employee number to people. The
 * unique index is NOCASE too (migration 0008), so this finds at most one row, through that index.
 */
export const sameEmployeeNo = (employeeNo: string) => sql`${users.employeeNo} = ${employeeNo} collate nocase`;

/** An employee as the supervisor pages know them, with team and supervisor names. */
export interface Employee {
  id: number;
  employeeNo: string | null;
  name: string;
  role: SessionUser['role'];
  teamId: number | null;
  teamName: string | null;
  supervisorName: string | null;
  hireDate: string | null;
  goLiveDate: string | null;
  active: boolean;
}

const supervisor = alias(users, 'team_supervisor');

async function employeeWhere(where: ReturnType<typeof eq>): Promise<Employee | undefined> {
  const db = await getDb();
  return db
    .select({
      id: users.id,
      employeeNo: users.employeeNo,
      name: users.name,
      role: users.role,
      teamId: users.teamId,
      teamName: teams.name,
      supervisorName: supervisor.name,
      hireDate: users.hireDate,
      goLiveDate: users.goLiveDate,
      active: users.active,
    })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .leftJoin(supervisor, eq(teams.supervisorId, supervisor.id))
    .where(where)
    .get();
}

/** One user by id with team and supervisor names (the learner's own pages). */
export async function employeeById(id: number): Promise<Employee | undefined> {
  return employeeWhere(eq(users.id, id));
}

/** The employee with this number whom the viewer may read (404 unknown, 403 not theirs to see). */
export async function readableEmployee(viewer: SessionUser, employeeNo: string): Promise<Employee> {
  const employee = await employeeWhere(sameEmployeeNo(employeeNo));
  if (!employee) throw new ServiceError('employee.notFound', 404);
  if (!(await mayReadEmployee(viewer, employee))) throw new ServiceError('employee.forbidden', 403, { employeeNo });
  return employee;
}

/** The employee with this number whom the viewer may act on (404 unknown, 403 otherwise, HR included). */
export async function manageableEmployee(viewer: SessionUser, employeeNo: string): Promise<Employee> {
  const employee = await employeeWhere(sameEmployeeNo(employeeNo));
  if (!employee) throw new ServiceError('employee.notFound', 404);
  if (!mayManageTraining(viewer) || !(await mayManageEmployee(viewer, employee))) throw new ServiceError('employee.forbidden', 403, { employeeNo });
  return employee;
}
