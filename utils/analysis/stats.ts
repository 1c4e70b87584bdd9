// Statistics for rates the buyer brings to the vendor. Which method each figure uses, and why: README, "Statistics".

export interface Interval {
  rate: number;
  low: number;
  high: number;
}

/**
 * Wilson score interval for k successes in n trials (Agresti & Coull 1998): unlike the Wald interval it stays
 * inside [0, 1] and is honest for small samples and rates near 0. z = 1.96 for 95%.
 */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): Interval {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`wilsonInterval: need whole numbers 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  }
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 of n and n of n the ends are exactly 0 and 1 (the arithmetic leaves a rounding crumb).
  return { rate: p, low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

export function formatPercent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}
