import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { allocate, DRAW_ALGORITHM, sampleSize, seededDraw, stratifiedEstimate, wilsonFromRate } from '../../utils/sampling';
import { wilsonInterval } from '../../utils/stats';

describe('sample size', () => {
  it('matches the worked values: ±5 points at 95% → 385; with 2,000 resolutions → 323', () => {
    expect(sampleSize(1_000_000_000, 0.05)).toBe(385);
    expect(sampleSize(2000, 0.05)).toBe(323);
  });
  it('smaller margins and expected rates', () => {
    expect(sampleSize(1_000_000_000, 0.03)).toBe(1068);
    expect(sampleSize(1_000_000_000, 0.05, 0.1)).toBe(139);
    expect(sampleSize(50, 0.05)).toBe(45);
    expect(sampleSize(0, 0.05)).toBe(0);
  });
  it('refuses nonsense', () => {
    expect(() => sampleSize(100, 0)).toThrow(RangeError);
    expect(() => sampleSize(100, 0.05, 2)).toThrow(RangeError);
    expect(() => sampleSize(-1, 0.05)).toThrow(RangeError);
  });
});

describe('allocation by stratum', () => {
  it('is proportional, rounds by largest remainder and adds up to n', () => {
    expect(allocate(323, { confirmed: 600, assumed: 1200, procedure_handoff: 200 })).toEqual({ confirmed: 97, assumed: 194, procedure_handoff: 32 });
    const parts = allocate(100, { a: 333, b: 333, c: 334 });
    expect(Object.values(parts).reduce((x, y) => x + y)).toBe(100);
    expect(parts).toEqual({ a: 33, b: 33, c: 34 });
  });
  it('gives a small non-empty stratum at least one, never more than its size, and nothing to an empty one', () => {
    expect(allocate(10, { big: 1000, tiny: 2, none: 0 })).toEqual({ big: 9, tiny: 1, none: 0 });
    expect(allocate(50, { a: 3, b: 100 })).toEqual({ a: 1, b: 49 }); // 1.46 and 48.54: the larger remainder gets the last one
    expect(allocate(500, { a: 3, b: 4 })).toEqual({ a: 3, b: 4 });
  });
});

describe('seeded draw', () => {
  const ids = Array.from({ length: 200 }, (_, i) => String(215467891234000 + i * 7));

  it('is reproducible: same seed and list → same sample, whatever the list order', () => {
    const a = seededDraw(ids, 20, 'trial-2026-11', 'assumed');
    expect(seededDraw([...ids].reverse(), 20, 'trial-2026-11', 'assumed')).toEqual(a);
    expect(new Set(a).size).toBe(20);
    expect(seededDraw(ids, 20, 'trial-2026-12', 'assumed')).not.toEqual(a);
    expect(seededDraw(ids, 20, 'trial-2026-11', 'confirmed')).not.toEqual(a);
  });

  it('is the documented algorithm, re-implemented here from its description', () => {
    expect(DRAW_ALGORITHM).toMatch(/mulberry32/);
    const reference = (list: string[], n: number, seed: string, stratum: string) => {
      const items = [...new Set(list)].sort();
      let a = parseInt(createHash('sha256').update(`${seed}|${stratum}`).digest('hex').slice(0, 8), 16) >>> 0;
      const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      for (let i = 0; i < Math.min(n, items.length); i++) {
        const j = i + Math.floor(next() * (items.length - i));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items.slice(0, n);
    };
    expect(seededDraw(ids, 25, 'audit-7', 'procedure_handoff')).toEqual(reference(ids, 25, 'audit-7', 'procedure_handoff'));
  });

  it('covers the list fairly: every id is drawn about as often over many seeds', () => {
    const counts = new Map<string, number>();
    const small = ids.slice(0, 10);
    for (let s = 0; s < 3000; s++) for (const id of seededDraw(small, 3, `s${s}`, 'x')) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const id of small) expect(counts.get(id)! / 3000).toBeGreaterThan(0.25);
    for (const id of small) expect(counts.get(id)! / 3000).toBeLessThan(0.35);
  });
});

describe('stratified estimate', () => {
  it('one stratum: the rate and the Wilson interval of that stratum (no finite population correction effect when N is huge)', () => {
    const r = stratifiedEstimate([{ stratum: 'a', population: 10_000_000, sampled: 100, reviewed: 100, falseCount: 12 }]);
    expect(r.rate).toBeCloseTo(0.12);
    expect(r.interval.low).toBeCloseTo(wilsonInterval(12, 100).low, 3);
    expect(r.interval.high).toBeCloseTo(wilsonInterval(12, 100).high, 3);
  });

  it('weights strata by their size', () => {
    const r = stratifiedEstimate([
      { stratum: 'assumed', population: 1500, sampled: 60, reviewed: 60, falseCount: 18 },
      { stratum: 'confirmed', population: 500, sampled: 20, reviewed: 20, falseCount: 1 },
    ]);
    expect(r.rate).toBeCloseTo(0.75 * 0.3 + 0.25 * 0.05, 10);
    expect(r.strata.map((s) => s.interval.rate)).toEqual([0.3, 0.05]);
    expect(r.interval.low).toBeLessThan(r.rate);
    expect(r.interval.high).toBeGreaterThan(r.rate);
  });

  it('no false found: rate 0 with an upper bound above 0', () => {
    const r = stratifiedEstimate([{ stratum: 'a', population: 2000, sampled: 100, reviewed: 100, falseCount: 0 }]);
    expect(r.rate).toBe(0);
    expect(r.interval.high).toBeCloseTo(wilsonInterval(0, 100).high, 6);
  });

  it('strata not reviewed yet are left out of the weights', () => {
    const r = stratifiedEstimate([
      { stratum: 'a', population: 100, sampled: 10, reviewed: 10, falseCount: 5 },
      { stratum: 'b', population: 900, sampled: 90, reviewed: 0, falseCount: 0 },
    ]);
    expect(r.rate).toBeCloseTo(0.5);
  });

  it('wilsonFromRate agrees with wilsonInterval on whole counts', () => {
    expect(wilsonFromRate(0.12, 100)).toEqual(wilsonInterval(12, 100));
  });
});
