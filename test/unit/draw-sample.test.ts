// tools/draw-sample.mjs re-draws a spot check's sample from an exported plan with Node alone. Expected samples
// come from test/oracles/spot_check.py, an implementation of the algorithm text in Python (hashlib, its own
// mulberry32), not from Recount's code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededDraw } from '../../utils/analysis/sampling';
import { drawPlan } from '../../utils/analysis/spot-check';

const TOOL = resolve(import.meta.dirname, '..', '..', 'tools', 'draw-sample.mjs');
const oracle = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'oracles', 'spot_check.json'), 'utf8')) as {
  draw: Array<{ ids: string[]; n: number; seed: string; stratum: string; sample: string[] }>;
};

function run(plan: unknown): { status: number; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'recount-draw-')), 'plan.json');
  writeFileSync(file, typeof plan === 'string' ? plan : JSON.stringify(plan));
  try {
    return { status: 0, out: execFileSync(process.execPath, [TOOL, file], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { status: e.status, out: e.stdout };
  }
}

describe('the draw, against an implementation in another language', () => {
  it.each(oracle.draw)('seed "$seed", stratum $stratum', ({ ids, n, seed, stratum, sample }) => {
    expect(seededDraw(ids, n, seed, stratum)).toEqual(sample);
    const plan = { format: 'recount-spot-check', vendor: 'intercom', seed, strata: [{ stratum, population: ids, sample }] };
    expect(run(plan)).toMatchObject({ status: 0, out: expect.stringContaining(`${stratum}: matches`) });
  });
});

describe('tools/draw-sample.mjs', () => {
  const members = [
    ...Array.from({ length: 700 }, (_, i) => ({ id: String(215467891230000 + i), stratum: 'assumed' })),
    ...Array.from({ length: 1000 }, (_, i) => ({ id: String(215467891240000 + i), stratum: 'confirmed' })),
    ...Array.from({ length: 300 }, (_, i) => ({ id: String(215467891250000 + i), stratum: 'procedure_handoff' })),
  ];

  it('re-draws a plan Recount drew: every stratum matches', () => {
    const drawn = drawPlan(members, { margin: 0.05, expectedRate: 0.5, seed: 'trial-Q4' });
    const result = run({ format: 'recount-spot-check', vendor: 'intercom', seed: 'trial-Q4', strata: drawn.strata });
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/assumed: matches — drew 113 of 700\n\s+confirmed: matches — drew 162 of 1000\n\s+procedure_handoff: matches — drew 48 of 300/);
  });

  it('a sample that is not the seed’s is caught, stratum by stratum', () => {
    const drawn = drawPlan(members, { margin: 0.05, expectedRate: 0.5, seed: 'trial-Q4' });
    const swapped = drawn.strata.map((s) => (s.stratum === 'confirmed' ? { ...s, sample: [...s.sample.slice(1), s.population.find((id) => !s.sample.includes(id))!] } : s));
    const result = run({ format: 'recount-spot-check', vendor: 'intercom', seed: 'trial-Q4', strata: swapped });
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/assumed: matches/);
    expect(result.out).toMatch(/confirmed: DIFFERS/);
    expect(result.out).toMatch(/NOT the one the seed gives/);
  });

  it('Salesforce ids: 18-character ids in the population are cut to 15, as the plan draws them', () => {
    const ids15 = Array.from({ length: 30 }, (_, i) => `0Mw5g00000Ab${String(i).padStart(3, '0')}`);
    const sample = seededDraw(ids15, 5, 's', 'conversation_window');
    const population18 = ids15.map((id) => `${id}QAA`);
    expect(run({ format: 'recount-spot-check', vendor: 'salesforce', seed: 's', strata: [{ stratum: 'conversation_window', population: population18, sample }] }).status).toBe(0);
  });

  it('says what is wrong with a file that is not a plan', () => {
    expect(run('not json')).toMatchObject({ status: 2, out: expect.stringMatching(/cannot read it as JSON/) });
    expect(run({ format: 'something-else' })).toMatchObject({ status: 2, out: expect.stringMatching(/not a Recount spot-check plan/) });
  });
});
