// Blind double review in a spot check: the draw of the items (against tools/draw-sample.mjs and a Python
// re-implementation), each item's state (hand-worked table), the result and agreement on a scripted review
// (expected values from statsmodels/scipy: test/oracles/double_review.py → double_review.json), and blindness as
// the background enforces it for a helpdesk tab — verdicts tagged here and verdicts merged from a teammate.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { drawDoubleReview, isHiddenFrom, reviewItem, type ReviewEvent } from '../../utils/analysis/double-review';
import { seededDraw } from '../../utils/analysis/sampling';
import { spotCheckStatus } from '../../utils/analysis/spot-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ConversationRecord, SpotCheckPlan } from '../../utils/model/records';
import { conversationKeyString, type Verdict, type VerdictEvent } from '../../utils/model/verdict';
import { freshDatabases } from './databases';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import type { Broadcast } from '../../utils/transport/protocol';
import { updateSettings } from '../../utils/store/settings';

const oracle = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'oracles', 'double_review.json'), 'utf8'));
const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('which sampled conversations get a second, blind review', () => {
  it('the same items as the Python re-implementation and the standalone tool (seeded, ceil(share × n))', () => {
    const population = Array.from({ length: 60 }, (_, i) => `c${String(i + 1).padStart(3, '0')}`);
    const sample = seededDraw(population, 30, oracle.seed, 'assumed');
    expect(sample).toEqual(oracle.sample);
    expect(drawDoubleReview(sample, 0.5, oracle.seed)).toEqual(oracle.doubled);
  });

  const runTool = (plan: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'recount-double-')), 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    try {
      return { status: 0, out: execFileSync(process.execPath, [resolve(import.meta.dirname, '..', '..', 'tools', 'draw-sample.mjs'), file], { encoding: 'utf8' }) };
    } catch (error) {
      return { status: (error as { status: number }).status, out: (error as { stdout: string }).stdout };
    }
  };
  const exported = (items: string[]) => ({
    format: 'recount-spot-check',
    vendor: 'intercom',
    seed: oracle.seed,
    strata: [{ stratum: 'assumed', population: Array.from({ length: 60 }, (_, i) => `c${String(i + 1).padStart(3, '0')}`), sample: oracle.sample }],
    doubleReview: { share: 0.5, reviewers: ['Ana', 'Bo'], arbiter: 'Cy', items },
  });

  it('tools/draw-sample.mjs re-draws the double-review items of an exported plan, and catches a swapped one', () => {
    expect(runTool(exported(oracle.doubled))).toEqual({ status: 0, out: expect.stringMatching(/double review: matches — drew 15 of 30 sampled \(50%\)/) });
    const swapped = [...oracle.doubled.slice(1), oracle.sample.find((id: string) => !oracle.doubled.includes(id))];
    const result = runTool(exported(swapped));
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/double review: DIFFERS/);
  });

  it.each([
    [0.2, 30, 6],
    [0.21, 30, 7], // 6.3 → 7: a share never gives fewer than asked
    [1, 30, 30],
    [0.01, 30, 1],
    [0.5, 3, 2],
  ])('share %f of %i sampled → %i items', (share, n, expected) => {
    const sample = Array.from({ length: n }, (_, i) => `id-${i}`);
    const drawn = drawDoubleReview(sample, share, 's');
    expect(drawn).toHaveLength(expected);
    expect(new Set(drawn).size).toBe(expected);
    expect(drawn.every((id) => sample.includes(id))).toBe(true);
  });
});

const ev = (reviewer: string, verdict: Verdict, minute: number, id = `${reviewer}-${minute}`): ReviewEvent => ({
  id,
  reviewer,
  verdict,
  reason: verdict === 'false' ? 'wrong_answer' : null,
  note: '',
  at: T0 + minute * 60e3,
});
const review = { reviewers: ['Ana', 'Bo'], arbiter: 'Cy' };
const PLAN_AT = T0; // minute 0

describe('one item under double review (plan made at minute 0)', () => {
  // events                                              → state       final
  // none                                                → waiting     —
  // Ana genuine @1                                      → waiting     —
  // Ana genuine @1, Bo genuine @2                       → agreed      genuine
  // Ana genuine @-5 (before the plan), Bo genuine @2    → waiting     —   (a verdict before the plan is not this review)
  // Ana genuine @1, Bo false @2                         → disagreed   —
  // … + Cy false @3                                     → arbitrated  false
  // … + Cy false @1.5 (before Bo's)                     → disagreed   —   (the arbiter decides after seeing both)
  // Ana genuine @1, Bo false @2, Cy genuine @3, Bo genuine @4 → agreed genuine (Bo changed their mind; no arbitration needed)
  // Ana genuine @1, Ana false @5, Bo false @2           → agreed      false (each reviewer's latest counts)
  // Dee false @1, Ana genuine @2, Bo genuine @3         → agreed      genuine (someone not named is neither a reviewer nor the arbiter)
  it.each([
    ['nothing yet', [], 'waiting', null],
    ['one reviewer', [ev('Ana', 'genuine', 1)], 'waiting', null],
    ['both agree', [ev('Ana', 'genuine', 1), ev('Bo', 'genuine', 2)], 'agreed', 'genuine'],
    ['one verdict before the plan', [ev('Ana', 'genuine', -5), ev('Bo', 'genuine', 2)], 'waiting', null],
    ['they differ', [ev('Ana', 'genuine', 1), ev('Bo', 'false', 2)], 'disagreed', null],
    ['the arbiter decides', [ev('Ana', 'genuine', 1), ev('Bo', 'false', 2), ev('Cy', 'false', 3)], 'arbitrated', 'false'],
    ['an arbiter’s verdict before the last review', [ev('Ana', 'genuine', 1), ev('Bo', 'false', 2), ev('Cy', 'false', 1.5)], 'disagreed', null],
    ['a reviewer changes their mind', [ev('Ana', 'genuine', 1), ev('Bo', 'false', 2), ev('Cy', 'genuine', 3), ev('Bo', 'genuine', 4)], 'agreed', 'genuine'],
    ['each reviewer’s latest', [ev('Ana', 'genuine', 1), ev('Ana', 'false', 5), ev('Bo', 'false', 2)], 'agreed', 'false'],
    ['someone not named', [ev('Dee', 'false', 1), ev('Ana', 'genuine', 2), ev('Bo', 'genuine', 3)], 'agreed', 'genuine'],
  ] as const)('%s → %s', (_what, events, state, final) => {
    const item = reviewItem(events, review, PLAN_AT);
    expect(item.state).toBe(state);
    expect(item.final).toBe(final);
  });

  it('is hidden from a named reviewer until their own verdict since the plan, never from the arbiter or a lead', () => {
    const anaOnly = [ev('Ana', 'genuine', 1)];
    expect(isHiddenFrom('Bo', anaOnly, review, PLAN_AT)).toBe(true);
    expect(isHiddenFrom('Bo', [...anaOnly, ev('Bo', 'false', -3)], review, PLAN_AT)).toBe(true); // before the plan
    expect(isHiddenFrom('Bo', [...anaOnly, ev('Bo', 'false', 2)], review, PLAN_AT)).toBe(false);
    expect(isHiddenFrom('Ana', anaOnly, review, PLAN_AT)).toBe(false);
    expect(isHiddenFrom('Cy', anaOnly, review, PLAN_AT)).toBe(false);
    expect(isHiddenFrom('Lee', anaOnly, review, PLAN_AT)).toBe(false);
  });
});

describe('a spot check with half its sample double-reviewed (oracle: statsmodels, scipy)', () => {
  const k = (id: string) => Number(id.slice(1));
  // The rules of test/oracles/double_review.py.
  const ana = (n: number): Verdict => (n % 4 === 0 ? 'false' : 'genuine');
  const bo = (n: number): Verdict => (n % 7 === 0 ? (ana(n) === 'genuine' ? 'false' : 'unsure') : n % 11 === 0 ? 'unsure' : ana(n));
  const arbiter = (n: number): Verdict => (n % 2 === 0 ? 'false' : 'genuine');
  const single = (n: number): Verdict => (n % 5 === 0 ? 'false' : 'genuine');

  const population = Array.from({ length: 60 }, (_, i) => `c${String(i + 1).padStart(3, '0')}`);
  const sample: string[] = oracle.sample;
  const plan: SpotCheckPlan = {
    id: 'p',
    name: 'November audit',
    createdAt: PLAN_AT,
    vendor: 'intercom',
    workspace: 'w',
    source: { kind: 'seen' },
    seed: oracle.seed,
    algorithm: '',
    margin: 0.1,
    expectedRate: 0.5,
    strata: [{ stratum: 'assumed', population, sample }],
    doubleReview: { share: 0.5, reviewers: ['Ana', 'Bo'], arbiter: 'Cy', items: drawDoubleReview(sample, 0.5, oracle.seed) },
  };
  const doubled = new Set(plan.doubleReview!.items);
  const conversationOf = (id: string, current: VerdictEvent | null) =>
    ({ convKey: `intercom:w:${id}`, vendor: 'intercom', workspace: 'w', conversationId: id, claim: { url: `https://app.intercom.com/${id}` }, current }) as unknown as ConversationRecord;
  // Single items: one reviewer's verdict, as the conversation's current one.
  const conversations = sample.map((id) =>
    conversationOf(id, doubled.has(id) ? null : ({ ...ev('Ana', single(k(id)), 10, `s-${id}`), convKey: `intercom:w:${id}` } as VerdictEvent)),
  );
  const eventsWith = (arbitrate: (id: string) => boolean) =>
    new Map(
      [...doubled].map((id) => {
        const events = [ev('Ana', ana(k(id)), 1, `a-${id}`), ev('Bo', bo(k(id)), 2, `b-${id}`)];
        if (ana(k(id)) !== bo(k(id)) && arbitrate(id)) events.push(ev('Cy', arbiter(k(id)), 3, `c-${id}`));
        return [id, events] as const;
      }),
    );

  it('before the arbiter: the disagreed items are not reviewed, no judgement, agreement figures as statsmodels gives them', () => {
    const status = spotCheckStatus(plan, conversations, eventsWith(() => false));
    expect(status.double).toMatchObject({ items: 15, waiting: 0, agreed: 15 - oracle.disagreed.length, disagreed: oracle.disagreed.length, arbitrated: 0 });
    expect(status.complete).toBe(false);
    expect(status.reviewed).toBe(30 - oracle.disagreed.length);
    expect(status.queue.filter((q) => q.double?.state === 'disagreed').map((q) => q.id).sort()).toEqual([...oracle.disagreed].sort());
    const { agreement } = status.double!;
    expect(agreement.reviewers).toEqual(['Ana', 'Bo']);
    expect(agreement.compared).toBe(15);
    expect(agreement.confusion).toEqual(oracle.table);
    expect(agreement.percentAgreement).toBeCloseTo(oracle.percentAgreement, 12);
    expect(agreement.kappa.kappa).toBeCloseTo(oracle.kappa, 10);
    expect(agreement.kappa.low).toBeCloseTo(oracle.low, 10);
    expect(agreement.kappa.high).toBeCloseTo(oracle.high, 10);
    expect(agreement.lean).toEqual([
      { reviewer: 'Ana', ...oracle.lean.Ana },
      { reviewer: 'Bo', ...oracle.lean.Bo },
    ]);
  });

  it('after the arbiter: complete, the final verdicts counted, the upper limit as scipy gives it', () => {
    const status = spotCheckStatus(plan, conversations, eventsWith(() => true));
    expect(status.double).toMatchObject({ disagreed: 0, arbitrated: oracle.disagreed.length });
    expect(status.complete).toBe(true);
    expect(status.result.strata[0].falseCount).toBe(oracle.falseCount);
    expect(status.result.strata[0].reviewed).toBe(oracle.n);
    expect(status.result.upper95).toBeCloseTo(oracle.upper95, 8);
    // Agreement is what the reviewers said, before the arbiter: unchanged by arbitration.
    expect(status.double!.agreement.kappa.kappa).toBeCloseTo(oracle.kappa, 10);
  });

  it('tools/agreement.mjs recomputes the same from the exported plan and events (JSON and NDJSON), with no Recount code', () => {
    const asExported = (id: string, e: ReviewEvent) => ({ ...e, convKey: `intercom:w:${id}`, vendor: 'intercom', workspace: 'w', conversationId: id });
    const events = [...eventsWith(() => true)].flatMap(([id, list]) => list.map((e) => asExported(id, e)));
    // A verdict from before the plan and one from another workspace: neither counts.
    events.push(asExported(plan.doubleReview!.items[0], ev('Ana', 'unsure', -10, 'before-plan')));
    events.push({ ...asExported(plan.doubleReview!.items[0], ev('Bo', 'unsure', 9, 'other-workspace')), workspace: 'other' });
    const dir = mkdtempSync(join(tmpdir(), 'recount-agreement-'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ format: 'recount-spot-check', ...plan }));
    writeFileSync(join(dir, 'events.json'), JSON.stringify({ format: 'recount-events', events, digest: 'not checked here' }));
    writeFileSync(join(dir, 'events.ndjson'), [JSON.stringify({ format: 'recount-events-ndjson' }), ...events.map((e) => JSON.stringify(e)), JSON.stringify({ digest: 'x' })].join('\n'));
    const tool = resolve(import.meta.dirname, '..', '..', 'tools', 'agreement.mjs');
    for (const file of ['events.json', 'events.ndjson']) {
      const out = execFileSync(process.execPath, [tool, join(dir, 'plan.json'), join(dir, file)], { encoding: 'utf8' });
      expect(out).toContain(`agreed ${15 - oracle.disagreed.length}, disagreed 0, arbitrated ${oracle.disagreed.length}, waiting 0`);
      expect(out).toContain(`same verdict on ${15 - oracle.disagreed.length} of 15 judged by every reviewer`);
      expect(out).toContain(`Cohen's kappa ${oracle.kappa.toFixed(4)} (se `);
      expect(out).toContain(`95% CI ${oracle.low.toFixed(4)} to ${oracle.high.toFixed(4)}), n = 15`);
      expect(out).toContain(`table (rows Ana, columns Bo; genuine, false, unsure): ${oracle.table.map((r: number[]) => `[${r.join(', ')}]`).join(' ')}`);
      expect(out).toContain(`Bo called false ${oracle.lean.Bo.falseWhenOtherGenuine} of the ${oracle.lean.Bo.otherGenuine} time(s)`);
    }
  });

  it('three blind reviewers: Fleiss’ kappa and its jackknife interval as statsmodels gives them, in the result and from the tool', () => {
    const dee = (n: number): Verdict => (n % 3 === 0 ? 'unsure' : ana(n));
    const three: SpotCheckPlan = { ...plan, doubleReview: { ...plan.doubleReview!, reviewers: ['Ana', 'Bo', 'Dee'] } };
    const events = new Map(
      [...doubled].map((id) => [id, [ev('Ana', ana(k(id)), 1, `a-${id}`), ev('Bo', bo(k(id)), 2, `b-${id}`), ev('Dee', dee(k(id)), 3, `d-${id}`)]] as const),
    );
    const { agreement, agreed } = spotCheckStatus(three, conversations, events).double!;
    expect(agreed).toBe(oracle.three.allAgree);
    expect(agreement.kappa.method).toBe('fleiss');
    expect(agreement.kappa.kappa).toBeCloseTo(oracle.three.kappa, 10);
    expect(agreement.kappa.low).toBeCloseTo(oracle.three.low, 10);
    expect(agreement.kappa.high).toBeCloseTo(oracle.three.high, 10);
    const dir = mkdtempSync(join(tmpdir(), 'recount-agreement-3-'));
    const exported = [...events].flatMap(([id, list]) => list.map((e) => ({ ...e, convKey: `intercom:w:${id}`, vendor: 'intercom', workspace: 'w', conversationId: id })));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ format: 'recount-spot-check', ...three }));
    writeFileSync(join(dir, 'events.json'), JSON.stringify({ events: exported }));
    const out = execFileSync(process.execPath, [resolve(import.meta.dirname, '..', '..', 'tools', 'agreement.mjs'), join(dir, 'plan.json'), join(dir, 'events.json')], { encoding: 'utf8' });
    expect(out).toContain(`Fleiss' kappa ${oracle.three.kappa.toFixed(4)}`);
    expect(out).toContain(`same verdict on ${oracle.three.allAgree} of 15 judged by every reviewer`);
  });

  it('an item whose second reviewer has not judged yet is not reviewed, whatever its current verdict says', () => {
    const id = plan.doubleReview!.items[0];
    const events = eventsWith(() => true);
    events.set(id, [ev('Ana', 'genuine', 1, 'only-ana')]);
    const withCurrent = conversations.map((c) => (c.conversationId === id ? { ...c, current: { ...ev('Ana', 'genuine', 1, 'only-ana'), convKey: c.convKey } as VerdictEvent } : c));
    const status = spotCheckStatus(plan, withCurrent, events);
    expect(status.queue.find((q) => q.id === id)).toMatchObject({ verdict: null, double: { state: 'waiting' } });
    expect(status.complete).toBe(false);
  });
});

describe('blindness held by the background for a helpdesk tab', () => {
  const newDb = freshDatabases('blind-review');
  const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/a/inbox/w/inbox/conversation/' };
  const keyOf = (id: string) => ({ vendor: 'intercom' as const, workspace: 'w', conversationId: id });
  const platformWith = (heard: Broadcast[]): Platform => ({
    broadcast: (m) => void heard.push(m),
    hasHostAccess: async () => true,
    syncProfileScripts: async () => undefined,
    previewInTab: async () => {
      throw new Error('no tab');
    },
  });
  const ok = <T,>(reply: { ok: boolean; data?: unknown; error?: string }): T => {
    if (!reply.ok) throw new Error(reply.error);
    return reply.data as T;
  };
  const planFor = (ids: string[]): SpotCheckPlan => ({
    id: 'blind-plan',
    name: 'Blind check',
    createdAt: Date.now() - 60_000,
    vendor: 'intercom',
    workspace: 'w',
    source: { kind: 'seen' },
    seed: 's',
    algorithm: 'a',
    margin: 0.1,
    expectedRate: 0.5,
    strata: [{ stratum: 'assumed', population: ids, sample: ids }],
    doubleReview: { share: 0.5, reviewers: ['Ana', 'Bo'], arbiter: 'Cy', items: ['1'] },
  });
  const tag = (db: ReturnType<typeof newDb>, platform: Platform, id: string, verdict: Verdict) =>
    handleMessage(db, { type: 'verdict/record', eventId: crypto.randomUUID(), key: keyOf(id), verdict, reason: verdict === 'false' ? 'wrong_answer' : null, note: 'n', claim: { ...claim, url: claim.url + id }, suggested: null }, platform);

  it('Bo sees nothing of Ana’s verdict on a double-review item (current, badges, broadcasts) until Bo saves; then both', async () => {
    const db = newDb();
    const heard: Broadcast[] = [];
    const platform = platformWith(heard);
    ok(await handleMessage(db, { type: 'spotcheck/save', plan: planFor(['1', '2']) }, platform));
    await updateSettings(db, { reviewerName: 'Ana' });
    ok(await tag(db, platform, '1', 'genuine'));
    ok(await tag(db, platform, '2', 'genuine')); // item 2 is single-reviewed: not blind
    await updateSettings(db, { reviewerName: 'Bo' });

    const current = ok<{ current: VerdictEvent | null; blind: unknown }>(await handleMessage(db, { type: 'verdict/current', key: keyOf('1') }, platform));
    expect(current).toEqual({ current: null, blind: { plan: 'Blind check', hidden: true, others: [] } });
    const statuses = ok<{ statuses: Record<string, { verdict: Verdict | null }> }>(
      await handleMessage(db, { type: 'conversations/status', convKeys: ['intercom:w:1', 'intercom:w:2'] }, platform),
    ).statuses;
    expect(statuses['intercom:w:1'].verdict).toBeNull();
    expect(statuses['intercom:w:2'].verdict).toBe('genuine');
    const other = ok<{ current: VerdictEvent | null; blind: unknown }>(await handleMessage(db, { type: 'verdict/current', key: keyOf('2') }, platform));
    expect(other.current?.reviewer).toBe('Ana');
    expect(other.blind).toBeNull();

    heard.length = 0;
    const saved = ok<{ current: VerdictEvent; blind: unknown }>(await tag(db, platform, '1', 'false'));
    expect(saved.current.reviewer).toBe('Bo');
    expect(saved.blind).toEqual({ plan: 'Blind check', hidden: false, others: [{ reviewer: 'Ana', verdict: 'genuine', reason: null }] });
    expect(heard).toEqual([expect.objectContaining({ type: 'verdict/changed', convKey: 'intercom:w:1', blind: saved.blind })]);
    const after = ok<{ statuses: Record<string, { verdict: Verdict | null }> }>(await handleMessage(db, { type: 'conversations/status', convKeys: ['intercom:w:1'] }, platform)).statuses;
    expect(after['intercom:w:1'].verdict).toBe('false');
  });

  it('a teammate’s verdict merged from the team log stays hidden too, in the broadcast that announces it', async () => {
    const db = newDb();
    const teammate = newDb();
    const platform = platformWith([]);
    await updateSettings(teammate, { reviewerName: 'Ana' });
    ok(await tag(teammate, platform, '1', 'genuine'));
    const anasEvents = await teammate.events.toArray();

    const heard: Broadcast[] = [];
    const bo = platformWith(heard);
    await updateSettings(db, { reviewerName: 'Bo' });
    ok(await handleMessage(db, { type: 'spotcheck/save', plan: planFor(['1']) }, bo));
    heard.length = 0;
    ok(await handleMessage(db, { type: 'events/import', events: anasEvents }, bo));
    expect(heard).toEqual([{ type: 'verdict/changed', convKey: conversationKeyString(keyOf('1')), current: null, blind: { plan: 'Blind check', hidden: true, others: [] } }]);
    // And the lead (not a blind reviewer) sees it.
    await updateSettings(db, { reviewerName: 'Lee' });
    const lead = ok<{ current: VerdictEvent | null }>(await handleMessage(db, { type: 'verdict/current', key: keyOf('1') }, bo));
    expect(lead.current?.reviewer).toBe('Ana');
  });

  it('deleting the spot check lifts the blindness at once', async () => {
    const db = newDb();
    const platform = platformWith([]);
    ok(await handleMessage(db, { type: 'spotcheck/save', plan: planFor(['1']) }, platform));
    await updateSettings(db, { reviewerName: 'Ana' });
    ok(await tag(db, platform, '1', 'genuine'));
    await updateSettings(db, { reviewerName: 'Bo' });
    expect(ok<{ current: unknown }>(await handleMessage(db, { type: 'verdict/current', key: keyOf('1') }, platform)).current).toBeNull();
    ok(await handleMessage(db, { type: 'spotcheck/delete', id: 'blind-plan' }, platform));
    expect(ok<{ current: VerdictEvent | null }>(await handleMessage(db, { type: 'verdict/current', key: keyOf('1') }, platform)).current?.reviewer).toBe('Ana');
  });
});
