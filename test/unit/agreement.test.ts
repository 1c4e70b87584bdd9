// Agreement figures against values computed with statsmodels (test/oracles/agreement.py → agreement.json), and a
// hand-worked table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreementOf, cohensKappa, pairwiseAgreement } from '../../utils/analysis/agreement';
import type { Verdict } from '../../utils/model/verdict';

interface Case {
  name: string;
  items: Array<Record<string, Verdict>>;
  cohen?: { kappa: number | null; low: number | null; high: number | null; statsmodels_low?: number; statsmodels_high?: number; table: number[][] };
  fleiss?: { kappa: number; low: number; high: number };
  percentAgreement: number;
  lean: Array<{ reviewer: string; falseWhenOtherGenuine: number; otherGenuine: number }>;
}
const oracle = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'oracles', 'agreement.json'), 'utf8')) as { cases: Case[] };

describe('agreement between reviewers', () => {
  it('a hand-worked two-by-two: 10 conversations, 8 agreed', () => {
    // Ana \\ Bo   genuine false unsure
    //   genuine     5      1     0      p_o = (5 + 3) / 10 = 0.8
    //   false       1      3     0      rows 0.6 0.4 0, columns 0.6 0.4 0
    //   unsure      0      0     0      p_e = 0.36 + 0.16 = 0.52; kappa = (0.8 − 0.52) / 0.48 = 0.58333…
    const k = cohensKappa([[5, 1, 0], [1, 3, 0], [0, 0, 0]]);
    expect(k.kappa).toBeCloseTo(0.28 / 0.48, 12);
  });

  for (const c of oracle.cases) {
    it(`matches statsmodels: ${c.name}`, () => {
      const result = agreementOf(c.items.map((r) => new Map(Object.entries(r))));
      expect(result.percentAgreement).toBeCloseTo(c.percentAgreement, 12);
      expect(result.lean).toEqual(c.lean);
      const expected = c.cohen ?? c.fleiss!;
      expect(result.kappa.method).toBe(c.cohen ? 'cohen' : 'fleiss');
      if (expected.kappa === null) {
        expect(result.kappa.kappa).toBeNull();
        return;
      }
      expect(result.kappa.kappa).toBeCloseTo(expected.kappa, 10);
      expect(result.kappa.low).toBeCloseTo(expected.low!, 10);
      expect(result.kappa.high).toBeCloseTo(expected.high!, 10);
      if (c.cohen) {
        expect(result.confusion).toEqual(c.cohen.table);
        // statsmodels' own interval is the same one.
        if (c.cohen.statsmodels_low !== undefined) expect(result.kappa.low).toBeCloseTo(c.cohen.statsmodels_low, 10);
      }
    });
  }

  it('counts only conversations two or more reviewers judged, and says when kappa is undefined', () => {
    const one = agreementOf([new Map([['Ana', 'genuine']]), new Map([['Ana', 'false'], ['Bo', 'false']])]);
    expect(one.compared).toBe(1);
    expect(one.kappa.kappa).toBeNull(); // one category only among compared
    expect(agreementOf([]).percentAgreement).toBeNull();
  });

  it('pairs every two reviewers over what both judged; kappa only from 10 shared conversations', () => {
    // By hand: conversation 1 Ana genuine, Bo genuine, Cy false; 2 Ana false, Cy false; 3 Bo unsure alone.
    const pairs = pairwiseAgreement([
      new Map<string, Verdict>([['Ana', 'genuine'], ['Bo', 'genuine'], ['Cy', 'false']]),
      new Map<string, Verdict>([['Ana', 'false'], ['Cy', 'false']]),
      new Map<string, Verdict>([['Bo', 'unsure']]),
    ]);
    expect(pairs.map((p) => [p.reviewers.join('&'), p.shared, p.agreed, p.kappa])).toEqual([
      ['Ana&Bo', 1, 1, null],
      ['Ana&Cy', 2, 1, null],
      ['Bo&Cy', 1, 0, null],
    ]);
    // Over the 40-conversation case of the oracle, the pair's kappa is statsmodels' one.
    const c = oracle.cases[0];
    const [pair] = pairwiseAgreement(c.items.map((r) => new Map(Object.entries(r))));
    expect(pair.shared).toBe(40);
    expect(pair.kappa!.kappa).toBeCloseTo(c.cohen!.kappa!, 10);
    expect(pair.kappa!.high).toBeCloseTo(c.cohen!.high!, 10);
  });
});
