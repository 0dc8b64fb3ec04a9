import { describe, expect, it } from 'vitest';
import { goLiveReadiness } from '../../src/scoring/readiness';

describe('go-live readiness', () => {
  it('counts the required modules whose assessment was passed', () => {
    expect(goLiveReadiness(['a', 'b', 'c'], (q) => q !== 'b')).toEqual({ required: 3, passed: 2, ready: false });
  });
  it('is ready only when every required module is passed', () => {
    expect(goLiveReadiness(['a', 'b'], () => true)).toEqual({ required: 2, passed: 2, ready: true });
  });
  it('is never ready when nothing is required', () => {
    expect(goLiveReadiness([], () => true).ready).toBe(false);
  });
});
