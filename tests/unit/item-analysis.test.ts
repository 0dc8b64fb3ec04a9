import { describe, expect, it } from 'vitest';
import { correlation, itemStats, type ItemSums } from '../../src/scoring/item-analysis';

/** Sums of (x, y) pairs, as the database computes them. */
function sums(pairs: [number, number][], questionId = 'q-001'): ItemSums {
  return {
    questionId,
    n: pairs.length,
    sumX: pairs.reduce((a, [x]) => a + x, 0),
    sumXX: pairs.reduce((a, [x]) => a + x * x, 0),
    sumY: pairs.reduce((a, [, y]) => a + y, 0),
    sumYY: pairs.reduce((a, [, y]) => a + y * y, 0),
    sumXY: pairs.reduce((a, [x, y]) => a + x * y, 0),
  };
}

const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

describe('item analysis', () => {
  it('reads facility as the mean credit', () => {
    const s = itemStats(sums(many(40, (i): [number, number] => [i % 4 === 0 ? 0 : 1, i % 7])));
    expect(s.facility).toBe(0.75);
    expect(s.responses).toBe(40);
  });

  it('finds strong discrimination when the strong get it right and the weak wrong', () => {
    const s = itemStats(sums(many(40, (i): [number, number] => (i < 20 ? [1, 8 + (i % 3)] : [0, 2 + (i % 3)]))));
    expect(s.discrimination).toBeGreaterThan(0.9);
    expect(s.flags).toEqual([]);
  });

  it('flags an item the weak get right and the strong wrong', () => {
    const s = itemStats(sums(many(40, (i): [number, number] => (i < 20 ? [0, 9] : [1, 3 + (i % 2)]))));
    expect(s.discrimination).toBeLessThan(0);
    expect(s.flags).toContain('negative-discrimination');
  });

  it.each([
    ['too easy', many(40, (i): [number, number] => [i === 0 ? 0 : 1, i % 5]), 'too-easy'],
    ['too hard', many(40, (i): [number, number] => [i < 5 ? 1 : 0, i % 5]), 'too-hard'],
    ['answered by few', many(10, (i): [number, number] => [i % 2, i]), 'few-responses'],
  ])('flags an item %s', (_name, pairs, flag) => {
    expect(itemStats(sums(pairs)).flags).toContain(flag);
  });

  it('gives no discrimination when nobody differs on the item', () => {
    expect(correlation(sums(many(40, (i): [number, number] => [1, i % 9])))).toBeNull();
    expect(itemStats(sums([])).facility).toBeNull();
  });

  it('matches a correlation computed directly', () => {
    const pairs: [number, number][] = [[1, 5], [0, 2], [1, 4], [0.5, 3], [0, 1], [1, 6]];
    const n = pairs.length;
    const mx = pairs.reduce((a, [x]) => a + x, 0) / n;
    const my = pairs.reduce((a, [, y]) => a + y, 0) / n;
    const cov = pairs.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
    const vx = pairs.reduce((a, [x]) => a + (x - mx) ** 2, 0);
    const vy = pairs.reduce((a, [, y]) => a + (y - my) ** 2, 0);
    expect(correlation(sums(pairs))).toBeCloseTo(cov / Math.sqrt(vx * vy), 10);
  });
});
