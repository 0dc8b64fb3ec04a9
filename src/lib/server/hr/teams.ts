import { eq } from 'drizzle-orm';
import { getDb } from '../../../../db/client';
import { teams } from '../../../../db/schema';
import { ServiceError } from '../errors';

/**
 * The team a report or API filter names must exist (archived teams do: their history stays readable).
 * An unknown number is 400 `unknown_team`, not "every team": a filter that matches nothing must not
 * quietly widen to everything. 400 rather than 404, because the path exists and only a query value is wrong.
 */
export async function requireTeam(teamId: number): Promise<void> {
  const db = await getDb();
  const team = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get();
  if (!team) throw new ServiceError({ key: 'hr.unknownTeam', status: 400, code: 'unknown_team', params: { field: 'team', team: teamId } });
}
