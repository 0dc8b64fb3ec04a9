/**
 * Integration tests get a fresh temporary database from tests/helpers/temp-database.ts (a Vitest
 * setup file). This returns the database it points at, migrated.
 */
import { getDb } from '../../db/client';

export function useTempDatabase() {
  return getDb();
}
