import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../utils/analysis/stats';

describe('Wilson score interval (95%)', () => {
  it('matches the worked values: 12 of 100 → 7.0%–19.8%; 0 of 100 → at most 3.7%', () => {
    const twelve = wilsonInterval(12, 100);
    expect(twelve.rate).toBe(0.12);
    expect(twelve.low).toBeCloseTo(0.0700, 3);
    expect(twelve.high).toBeCloseTo(0.1981, 3);
    const zero = wilsonInterval(0, 100);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.0370, 3);
  });

  it('matches published values (Newcombe 1998, table I: 81/263 → 0.2553–0.3662)', () => {
    const { low, high } = wilsonInterval(81, 263);
    expect(low).toBeCloseTo(0.2553, 3);
    expect(high).toBeCloseTo(0.3662, 3);
  });

  it('is symmetric: k of n mirrors n−k of n', () => {
    const a = wilsonInterval(3, 40);
    const b = wilsonInterval(37, 40);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it('all of n: upper bound 1, lower bound below 1', () => {
    const all = wilsonInterval(20, 20);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.8389, 3);
  });

  it('no data: the whole range', () => expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 1 }));

  it.each([
    [5, 4],
    [-1, 4],
    [1.5, 4],
  ])('refuses k=%s, n=%s', (k, n) => expect(() => wilsonInterval(k, n)).toThrow(RangeError));
});
