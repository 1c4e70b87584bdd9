import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocate, DRAW_ALGORITHM, mulberry32, sampleSize, seededDraw, stratifiedEstimate, upperLimit, wilsonFromRate } from '../../utils/analysis/sampling';
import { wilsonInterval } from '../../utils/analysis/stats';

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
    expect(() => sampleSize(100, 0.05, 0)).toThrow(RangeError);
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
    // 1.46 and 48.54: a's minimum of 1 leaves 0.46, b's floor 48 leaves 0.54: b gets the last one.
    expect(allocate(50, { a: 3, b: 100 })).toEqual({ a: 1, b: 49 });
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

// Expected values from test/oracles/spot_check.py (scipy and statsmodels), stored in spot_check.json.
const oracle = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'oracles', 'spot_check.json'), 'utf8')) as {
  cpUpper: Array<{ k: number; n: number; upper: number }>;
  wilsonCounts: Array<{ k: number; n: number; low: number; high: number }>;
  sampleSize: Array<{ population: number; margin: number; p: number; n: number }>;
  allocate: Array<{ n: number; sizes: Record<string, number>; expected: Record<string, number> }>;
  stratified: Array<{ name: string; strata: Array<{ stratum: string; population: number; reviewed: number; false: number }>; expected: { rate: number; effectiveN: number; low: number; high: number; upper95: number } }>;
};

describe('against the oracle (scipy / statsmodels)', () => {
  it.each(oracle.cpUpper)('exact one-sided 95% upper limit, $k of $n', ({ k, n, upper }) => {
    expect(upperLimit(k, n)).toBeCloseTo(upper, 9);
  });
  it.each(oracle.wilsonCounts)('Wilson interval, $k of $n (statsmodels proportion_confint)', ({ k, n, low, high }) => {
    const i = wilsonInterval(k, n);
    expect(i.low).toBeCloseTo(low, 9);
    expect(i.high).toBeCloseTo(high, 9);
  });
  it.each(oracle.sampleSize)('sample size N=$population, ±$margin, p=$p → $n', ({ population, margin, p, n }) => {
    expect(sampleSize(population, margin, p)).toBe(n);
  });
  it.each(oracle.allocate)('allocation of $n', ({ n, sizes, expected }) => {
    expect(allocate(n, sizes)).toEqual(expected);
  });
  it.each(oracle.stratified)('stratified: $name', ({ strata, expected }) => {
    const r = stratifiedEstimate(strata.map((s) => ({ stratum: s.stratum, population: s.population, sampled: s.reviewed, reviewed: s.reviewed, falseCount: s.false })));
    expect(r.estimable).toBe(true);
    expect(r.rate).toBeCloseTo(expected.rate, 12);
    expect(r.effectiveN).toBeCloseTo(expected.effectiveN, 9);
    expect(r.interval.low).toBeCloseTo(expected.low, 9);
    expect(r.interval.high).toBeCloseTo(expected.high, 9);
    expect(r.upper95).toBeCloseTo(expected.upper95, 9);
  });
  it("by hand (the issue's example): n = 10 over {18, 91, 91} is {1, 5, 4} — shares 0.9, 4.55, 4.55; the minimum of 1 covers the first", () => {
    expect(allocate(10, { a: 18, b: 91, c: 91 })).toEqual({ a: 1, b: 5, c: 4 });
  });
  it('an expected rate of 0% or 100% is refused with a message, not NaN or 0', () => {
    expect(() => sampleSize(2000, 0.05, 0)).toThrow(/above 0% and below 100%/);
    expect(() => sampleSize(2000, 0.05, 1)).toThrow(/above 0% and below 100%/);
  });
});

describe('stratified estimate', () => {
  it('a stratum nobody reviewed yet makes the whole not estimable: never dropped and the weights renormalised', () => {
    // The case: "assumed" (700) 113/113 reviewed, 0 false; 1,300 others not reviewed.
    const r = stratifiedEstimate([
      { stratum: 'assumed', population: 700, sampled: 113, reviewed: 113, falseCount: 0 },
      { stratum: 'confirmed', population: 1000, sampled: 162, reviewed: 0, falseCount: 0 },
      { stratum: 'procedure_handoff', population: 300, sampled: 48, reviewed: 0, falseCount: 0 },
    ]);
    expect(r.estimable).toBe(false);
    expect(r.upper95).toBe(1);
  });

  it('the effective sample size never exceeds the items reviewed', () => {
    const r = stratifiedEstimate([
      { stratum: 'a', population: 100_000, sampled: 150, reviewed: 150, falseCount: 0 },
      { stratum: 'b', population: 100_000, sampled: 50, reviewed: 50, falseCount: 2 },
    ]);
    expect(r.effectiveN).toBeLessThanOrEqual(200);
  });

  it('wilsonFromRate agrees with wilsonInterval on whole counts', () => {
    expect(wilsonFromRate(0.12, 100)).toEqual(wilsonInterval(12, 100));
  });
});

/**
 * Coverage, by seeded simulation: populations with known false counts, samples drawn without replacement with
 * the product's own allocation, each interval checked against the true population rate. The nominal level is
 * 95%; the issue asks for at least 93% in every scenario. "Rare in one stratum, none in the other" is where
 * Wilson's interval at the effective n covered 91% (its lower end above the truth after 2 of 100).
 */
describe('coverage at nominal 95% (seeded simulation, 2,000 samples a scenario)', () => {
  const scenarios: Array<{ name: string; strata: Array<{ size: number; rate: number }>; n: number }> = [
    { name: 'three strata, 2,000 billed, n = 323', strata: [{ size: 700, rate: 0.02 }, { size: 1000, rate: 0.05 }, { size: 300, rate: 0.1 }], n: 323 },
    { name: 'rare in one stratum, none in the other', strata: [{ size: 5000, rate: 0 }, { size: 5000, rate: 0.005 }], n: 200 },
    { name: 'rare everywhere, four strata', strata: [{ size: 2500, rate: 0.01 }, { size: 2500, rate: 0.01 }, { size: 2500, rate: 0.02 }, { size: 2500, rate: 0.05 }], n: 200 },
    { name: 'five rare strata', strata: [{ size: 1000, rate: 0.01 }, { size: 1000, rate: 0.01 }, { size: 1000, rate: 0.01 }, { size: 1000, rate: 0.01 }, { size: 1000, rate: 0.03 }], n: 150 },
    { name: 'small strata', strata: [{ size: 60, rate: 0.05 }, { size: 40, rate: 0.1 }, { size: 400, rate: 0.03 }], n: 80 },
    { name: 'one stratum, 3%', strata: [{ size: 2000, rate: 0.03 }], n: 150 },
    { name: 'high rates', strata: [{ size: 800, rate: 0.3 }, { size: 1200, rate: 0.15 }], n: 120 },
  ];
  it.each(scenarios)('$name', ({ strata, n }) => {
    const next = mulberry32(20261129);
    const allocation = allocate(n, Object.fromEntries(strata.map((s, i) => [`s${i}`, s.size])));
    const trueRate = strata.reduce((t, s) => t + Math.round(s.size * s.rate), 0) / strata.reduce((t, s) => t + s.size, 0);
    const runs = 2000;
    let upperCovers = 0;
    let intervalCovers = 0;
    for (let run = 0; run < runs; run++) {
      const counts = strata.map((s, i) => {
        const m = allocation[`s${i}`];
        // Draw m of the stratum's items without replacement: how many of its false ones come up.
        let falseLeft = Math.round(s.size * s.rate);
        let left = s.size;
        let found = 0;
        for (let j = 0; j < m; j++) {
          if (next() * left < falseLeft) {
            found++;
            falseLeft--;
          }
          left--;
        }
        return { stratum: `s${i}`, population: s.size, sampled: m, reviewed: m, falseCount: found };
      });
      const r = stratifiedEstimate(counts);
      if (r.upper95 >= trueRate) upperCovers++;
      if (r.interval.low <= trueRate && trueRate <= r.interval.high) intervalCovers++;
    }
    expect(upperCovers / runs, 'one-sided upper limit').toBeGreaterThanOrEqual(0.93);
    expect(intervalCovers / runs, 'two-sided interval').toBeGreaterThanOrEqual(0.93);
  });
});
