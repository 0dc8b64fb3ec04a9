import { ServiceError } from '../../src/lib/server/errors';

/**
 * Runs a service call that must be refused and returns the refusal (a ServiceError), so a test can
 * check its status and code and then that nothing changed.
 */
export async function refusal(work: Promise<unknown>): Promise<ServiceError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
