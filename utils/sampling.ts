// Spot checks: how many conversations to review, how to split them across strata, which ones (a seeded draw the
// vendor can reproduce), and what the reviewed sample says. Facts: shared/vendors.md, "Statistics".
import { sha256hex } from './hash';
import { wilsonInterval, type Interval } from './stats';

export const Z95 = 1.959964;

/**
 * Sample size for estimating a rate within ±margin: n0 = z²·p(1−p)/e², then the finite population correction
 * n = n0 / (1 + (n0 − 1)/N). p = 0.5 is the safe default (the largest n). Rounded up.
 */
export function sampleSize(population: number, margin: number, p = 0.5, z = Z95): number {
  if (!(margin > 0 && margin < 1)) throw new RangeError(`margin must be between 0 and 1, got ${margin}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`expected rate must be between 0 and 1, got ${p}`);
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number ≥ 0, got ${population}`);
  if (population === 0) return 0;
  const n0 = (z * z * p * (1 - p)) / (margin * margin);
  const n = n0 / (1 + (n0 - 1) / population);
  return Math.min(population, Math.ceil(n - 1e-9));
}

/**
 * Proportional allocation n_h = n · N_h / N, rounded by largest remainder so the parts add up to n, each
 * stratum at most its size and at least 1 when it is not empty (a stratum with no sample can't be estimated).
 */
export function allocate(n: number, strata: Record<string, number>): Record<string, number> {
  const entries = Object.entries(strata).filter(([, size]) => size > 0);
  const total = entries.reduce((sum, [, size]) => sum + size, 0);
  const result: Record<string, number> = Object.fromEntries(Object.keys(strata).map((k) => [k, 0]));
  if (total === 0 || n <= 0) return result;
  const target = Math.min(n, total);
  const exact = entries.map(([k, size]) => ({ k, size, share: (target * size) / total }));
  for (const e of exact) result[e.k] = Math.min(e.size, Math.max(1, Math.floor(e.share)));
  let left = target - Object.values(result).reduce((a, b) => a + b, 0);
  const byRemainder = [...exact].sort((a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)) || a.k.localeCompare(b.k));
  while (left > 0 && byRemainder.some((e) => result[e.k] < e.size)) {
    for (const e of byRemainder) {
      if (left === 0) break;
      if (result[e.k] < e.size) {
        result[e.k]++;
        left--;
      }
    }
  }
  // Minimums of 1 can overshoot a small n: take back from the largest strata.
  while (left < 0) {
    const largest = [...exact].sort((a, b) => result[b.k] - result[a.k])[0];
    result[largest.k]--;
    left++;
  }
  return result;
}

/** The documented draw, so the vendor can reproduce it from the same list and seed. */
export const DRAW_ALGORITHM =
  'Sort the stratum\'s conversation ids as strings (UTF-16 code units, ascending). Seed: the first 8 hex digits of SHA-256("<seed>|<stratum>") as an unsigned 32-bit integer. Generator: mulberry32. Partial Fisher–Yates: for i = 0 … n−1, j = i + floor(next() · (N − i)), swap items i and j; the sample is items 0 … n−1.';

/** mulberry32: a small, well-known 32-bit generator; next() returns a float in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededDraw(ids: readonly string[], n: number, seed: string, stratum: string): string[] {
  const items = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const next = mulberry32(parseInt(sha256hex(`${seed}|${stratum}`).slice(0, 8), 16));
  const count = Math.min(n, items.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (items.length - i));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items.slice(0, count);
}

export interface StratumResult {
  stratum: string;
  population: number;
  sampled: number;
  reviewed: number;
  falseCount: number;
  interval: Interval;
}

export interface StratifiedResult {
  strata: StratumResult[];
  /** Σ W_h p_h, W_h = N_h / N, over strata with at least one reviewed item. */
  rate: number;
  interval: Interval;
  /** The effective sample size behind the overall interval. */
  effectiveN: number;
}

/**
 * Per stratum: the false rate among reviewed items with its Wilson interval. Overall: the stratum-weighted
 * rate; its interval is Wilson's at the effective sample size n_eff = p(1−p)/Var(p_st), with
 * Var(p_st) = Σ W_h² · p_h(1−p_h)/n_h · (1 − n_h/N_h) — the usual way to carry Wilson's good behaviour near 0
 * over to a stratified sample. (When every p_h is 0 or 1 the variance is 0 and n_eff is the reviewed count.)
 */
export function stratifiedEstimate(
  strata: ReadonlyArray<{ stratum: string; population: number; sampled: number; reviewed: number; falseCount: number }>,
): StratifiedResult {
  const results: StratumResult[] = strata.map((s) => ({ ...s, interval: wilsonInterval(s.falseCount, s.reviewed) }));
  const covered = results.filter((s) => s.reviewed > 0);
  const total = covered.reduce((sum, s) => sum + s.population, 0);
  if (total === 0) return { strata: results, rate: 0, interval: { rate: 0, low: 0, high: 1 }, effectiveN: 0 };
  let rate = 0;
  let variance = 0;
  for (const s of covered) {
    const w = s.population / total;
    const p = s.falseCount / s.reviewed;
    rate += w * p;
    const fpc = s.population > 0 ? Math.max(0, 1 - s.reviewed / s.population) : 0;
    variance += (w * w * p * (1 - p) * fpc) / s.reviewed;
  }
  const reviewed = covered.reduce((sum, s) => sum + s.reviewed, 0);
  const effectiveN = variance > 0 ? Math.max(1, (rate * (1 - rate)) / variance) : reviewed;
  const interval = wilsonFromRate(rate, effectiveN);
  return { strata: results, rate, interval, effectiveN };
}

/** Wilson interval for a rate observed on a (possibly fractional) effective sample size. */
export function wilsonFromRate(p: number, n: number, z = Z95): Interval {
  if (n <= 0) return { rate: p, low: 0, high: 1 };
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
