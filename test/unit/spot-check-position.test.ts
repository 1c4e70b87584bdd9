// The bar's "Spot check “…”: item N of M · Next item", worked by hand over a small plan.
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './databases';
import { recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { forgetSpotCheckPlans, spotCheckPositionOf } from '../../utils/analysis/spot-check-position';
import type { SpotCheckPlan } from '../../utils/model/records';
import type { RecountDB } from '../../utils/store/db';

const freshDb = freshDatabases('spot-position');
const key = (conversationId: string) => ({ vendor: 'intercom' as const, workspace: 'acme', conversationId });
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };

// Strata "assumed" samples 11 and 12, "confirmed" samples 21: the queue goes round the strata — 11, 21, 12.
const PLAN: SpotCheckPlan = {
  id: 'p1', name: 'November audit', createdAt: 1000, vendor: 'intercom', workspace: 'acme', source: { kind: 'seen' }, seed: 's', algorithm: 'a', margin: 0.1, expectedRate: 0.1,
  strata: [
    { stratum: 'assumed', population: ['11', '12', '13'], sample: ['11', '12'] },
    { stratum: 'confirmed', population: ['21', '22'], sample: ['21'] },
  ],
};
const urlOf = (id: string) => `https://app.intercom.com/a/inbox/acme/inbox/conversation/${id}`;

async function tag(db: RecountDB, id: string, at: number) {
  await recordConversationSeen(db, { key: key(id), claim, agentName: 'Fin', messages: [], billingNote: null }, null, at);
  await recordVerdict(db, { key: key(id), verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: at, id: crypto.randomUUID() });
}

describe('spotCheckPositionOf', () => {
  it('places a conversation in the queue and names the next one still to review, wrapping round', async () => {
    const db = freshDb();
    await db.spotChecks.put(PLAN);
    // Nothing reviewed: 21 is item 2; after it comes 12. 12 is item 3; after it, round to 11.
    expect(await spotCheckPositionOf(db, key('21'))).toEqual({ plan: 'November audit', position: 2, total: 3, next: { id: '12', url: urlOf('12') } });
    expect(await spotCheckPositionOf(db, key('12'))).toEqual({ plan: 'November audit', position: 3, total: 3, next: { id: '11', url: urlOf('11') } });
    // 11 reviewed (after the plan was made): from 12, the next still to review is 21, past 11.
    await tag(db, '11', 2000);
    expect((await spotCheckPositionOf(db, key('12')))?.next?.id).toBe('21');
    // A conversation the plan did not sample, or another workspace: none.
    expect(await spotCheckPositionOf(db, key('13'))).toBeNull();
    expect(await spotCheckPositionOf(db, { ...key('21'), workspace: 'other' })).toBeNull();
  });

  it('says nothing once every item is reviewed, and follows a plan saved later once told to forget', async () => {
    const db = freshDb();
    await db.spotChecks.put(PLAN);
    for (const id of ['11', '12', '21']) await tag(db, id, 2000);
    expect(await spotCheckPositionOf(db, key('21'))).toBeNull(); // complete: not running
    await db.spotChecks.put({ ...PLAN, id: 'p2', name: 'December audit', createdAt: 3000 });
    expect(await spotCheckPositionOf(db, key('21'))).toBeNull(); // the index read before still holds
    forgetSpotCheckPlans(db);
    // The new plan counts reviews from its own creation (3000): none yet, so 21 is item 2 of it, 12 next — opened at
    // the address Recount read it at (its claim's URL), not one made up from the workspace.
    expect(await spotCheckPositionOf(db, key('21'))).toEqual({ plan: 'December audit', position: 2, total: 3, next: { id: '12', url: claim.url } });
  });
});
