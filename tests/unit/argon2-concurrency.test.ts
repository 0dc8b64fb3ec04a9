import { describe, expect, it } from 'vitest';
import { argon2Concurrency } from '../../src/lib/server/auth/password';

describe('argon2 computations one server process runs at once', () => {
  it.each([
    [2, 2, 1],
    [2, 1, 2],
    [4, 2, 2],
    [8, 3, 2],
    [1, 4, 1],
  ])('%i cores, %i workers → %i', (cores, workers, slots) => {
    expect(argon2Concurrency(cores, workers)).toBe(slots);
  });
});
