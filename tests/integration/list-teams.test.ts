import { expect, it } from 'vitest';
import { createTeam, createUser, listTeams } from '../../src/lib/server/users';
it('lists teams with supervisor name, archive date and head count', async () => {
  const sup = await createUser(null, { username: 'supx', name: '主管甲', role: 'supervisor', password: 'long enough 1' });
  const team = await createTeam(null, '甲组', sup);
  await createUser(null, { username: 'memx', name: '成员', role: 'learner', password: 'long enough 1', teamId: team });
  expect(await listTeams()).toEqual([{ id: team, name: '甲组', supervisorId: sup, supervisorName: '主管甲', archivedAt: null, members: 1 }]);
});
