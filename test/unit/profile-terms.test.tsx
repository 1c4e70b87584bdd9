// Issue 19: each vendor profile (vendor `custom`, workspace = the profile's id) has its own price and contract terms
// (Settings.profileTerms), over the `custom` defaults. Money at stake, reconciliation, the terms editor and the
// prices in Settings all use the profile's own. Every expected value is worked by hand in the comment beside it.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { requestMock } = vi.hoisted(() => ({ requestMock: vi.fn() }));
vi.mock('../../utils/transport/protocol', async (importOriginal) => ({ ...(await importOriginal<object>()), request: requestMock }));

import { ContractEditor } from '../../components/dashboard/ReconcilePanel';
import { ProfilePrices } from '../../components/settings/ProfilePrices';
import { profileNamesOf } from '../../components/dashboard/profile-names';
import { EXAMPLE_PROFILES, PROFILE_RESOLUTION_KINDS } from '../../utils/adapters/profiles';
import { reconcile } from '../../utils/analysis/reconcile';
import { computeFigures, EMPTY_FILTER } from '../../utils/analysis/filters';
import { viewFromTallies } from '../../utils/analysis/tally-view';
import { createViewBuilder } from '../../utils/analysis/view';
import type { BilledItem, ConversationRecord } from '../../utils/model/records';
import { contractFor, DEFAULT_SETTINGS, profileUnitPrices, termsPatch, type Settings } from '../../utils/model/settings';
import { contributionOf, tallyKey, type DayCounts } from '../../utils/model/tally';
import type { TranscriptMessage } from '../../utils/model/transcript';
import type { FalseReason, Verdict } from '../../utils/model/verdict';
import { describeIssue, SettingsValueSchema } from '../../utils/store/backup-schema';
import { getSettings, mergeSettings, updateSettings } from '../../utils/store/settings';
import { parseRequest } from '../../utils/transport/protocol';
import { freshDatabases } from './databases';

const freshDb = freshDatabases('profile-terms');

// The default for profiles is $0.50; Sierra has its own $1.20, Decagon its own $0.90; Ada has no entry.
const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  unitPrices: { ...DEFAULT_SETTINGS.unitPrices, custom: 0.5 },
  profileTerms: { sierra: { unitPrice: 1.2 }, decagon: { unitPrice: 0.9, recontactDays: 3 } },
};

const S = 1000;
const T0 = Date.parse('2026-11-02T10:00:00Z');
const customer = (at: number): TranscriptMessage => ({ author: 'customer', authorName: 'Ann', at: T0 + at, text: 'help' });
const bot = (at: number): TranscriptMessage => ({ author: 'ai_agent', authorName: 'Bot', at: T0 + at, text: 'answer' });
function conv(profile: string, id: string, verdict: Verdict | null, reason: FalseReason | null = verdict === 'false' ? 'wrong_answer' : null): ConversationRecord {
  const claim = { state: 'closed' as const, resolution: 'resolved' as const, resolutionLabel: 'Resolved', url: `https://console.${profile}.example/conversations/${id}` };
  const convKey = `custom:${profile}:${id}`;
  return {
    convKey, vendor: 'custom', workspace: profile, conversationId: id, agentName: 'Bot', claim,
    messageCounts: { customer: 1, ai_agent: 1, teammate: 0, note: 0 }, billingNote: null, billing: null, firstSeenAt: T0, lastSeenAt: T0, suggestion: null, transcriptDigest: 'd',
    transcript: [customer(0), bot(S)],
    current: verdict ? { id: `e-${profile}-${id}`, convKey, vendor: 'custom', workspace: profile, conversationId: id, verdict, reason, note: '', reviewer: 'Bo', at: T0, claim, suggested: null, chain: 'c', seq: 1, prevHash: '', hash: '' } : null,
  };
}
// The same conversation ids in Sierra and Decagon: each profile's are its own.
//   sierra  1 false, 2 false, 3 genuine
//   decagon 1 false, 2 false, 3 false
//   ada     1 false, 2 unsure
const CONVERSATIONS = [
  conv('sierra', '1', 'false'), conv('sierra', '2', 'false'), conv('sierra', '3', 'genuine'),
  conv('decagon', '1', 'false'), conv('decagon', '2', 'false'), conv('decagon', '3', 'false'),
  conv('ada', '1', 'false'), conv('ada', '2', 'unsure'),
];
const bill = (ids: string[]): BilledItem[] => ids.map((id, i) => ({ vendor: 'custom', conversationId: id, billedAt: T0 + i * S, units: 1, kind: 'resolved', customerId: null, line: i + 2 }));

beforeEach(() => {
  requestMock.mockReset();
  requestMock.mockResolvedValue(SETTINGS);
});
afterEach(cleanup);

describe("a profile's terms", () => {
  it("are the profile's own over the custom defaults; a profile with no entry takes the defaults", () => {
    // DEFAULT_CONTRACTS.custom: per resolution, billable "resolved", 7 days' re-contact term, 5% tolerable.
    expect(contractFor(SETTINGS, 'custom', 'sierra')).toEqual({ pricingModel: 'per_resolution', unitPrice: 1.2, billableClaims: ['resolved'], recontactDays: 7, tolerableFalseRate: 0.05 });
    expect(contractFor(SETTINGS, 'custom', 'decagon')).toEqual({ pricingModel: 'per_resolution', unitPrice: 0.9, billableClaims: ['resolved'], recontactDays: 3, tolerableFalseRate: 0.05 });
    // Ada has no entry, and a bill naming no profile: the defaults ($0.50).
    expect(contractFor(SETTINGS, 'custom', 'ada')).toEqual({ pricingModel: 'per_resolution', unitPrice: 0.5, billableClaims: ['resolved'], recontactDays: 7, tolerableFalseRate: 0.05 });
    expect(contractFor(SETTINGS, 'custom', '').unitPrice).toBe(0.5);
    expect(contractFor(SETTINGS, 'custom').unitPrice).toBe(0.5);
    // A built-in vendor's workspace is never a profile: Intercom's $0.99 stays.
    expect(contractFor(SETTINGS, 'intercom', 'sierra').unitPrice).toBe(0.99);
    // An id that is a property of every object is no entry.
    expect(contractFor(SETTINGS, 'custom', 'constructor').unitPrice).toBe(0.5);
  });

  it('are changed by a patch of that profile alone (the vendor terms as before)', () => {
    expect(termsPatch('custom', 'sierra', { unitPrice: 1.5 })).toEqual({ profileTerms: { sierra: { unitPrice: 1.5 } } });
    expect(termsPatch('custom', '', { unitPrice: 0.6 })).toEqual({ unitPrices: { custom: 0.6 } });
    expect(termsPatch('intercom', 'w', { unitPrice: 1, recontactDays: 2 })).toEqual({ unitPrices: { intercom: 1 }, contracts: { intercom: { recontactDays: 2 } } });
    // Merged field by field into the profile's own entry; the other profiles' untouched; null removes the entry.
    const merged = mergeSettings(SETTINGS, { profileTerms: { decagon: { unitPrice: 1 } } });
    expect(merged.profileTerms).toEqual({ sierra: { unitPrice: 1.2 }, decagon: { unitPrice: 1, recontactDays: 3 } });
    expect(mergeSettings(merged, { profileTerms: { sierra: null } }).profileTerms).toEqual({ decagon: { unitPrice: 1, recontactDays: 3 } });
  });

  it('are saved and read back by the store', async () => {
    const db = freshDb();
    await updateSettings(db, { unitPrices: { custom: 0.5 } });
    await updateSettings(db, { profileTerms: { sierra: { unitPrice: 1.2 } } });
    await updateSettings(db, { profileTerms: { sierra: { billableClaims: ['resolved'] } } });
    const saved = await getSettings(db);
    expect(saved.profileTerms).toEqual({ sierra: { unitPrice: 1.2, billableClaims: ['resolved'] } });
    expect(contractFor(saved, 'custom', 'sierra').unitPrice).toBe(1.2);
    expect(contractFor(saved, 'custom', 'ada').unitPrice).toBe(0.5);
    // A database from before profile terms: none, so every profile takes the defaults.
    expect((await getSettings(freshDb())).profileTerms).toEqual({});
  });
});

describe('money at stake', () => {
  // False units × the profile's price: Sierra 2 × $1.20 = $2.40; Decagon 3 × $0.90 = $2.70; Ada 1 × $0.50 (no
  // entry: the default) = $0.50. Total $5.60 (one shared $0.50 would have said 6 × $0.50 = $3.00).
  it("prices each profile's false resolutions at its own price, one by one and from the day counts", () => {
    const prices = profileUnitPrices(SETTINGS);
    expect(prices).toEqual({ sierra: 1.2, decagon: 0.9 });
    expect(computeFigures(CONVERSATIONS, SETTINGS.unitPrices, prices).moneyAtStake).toBe(5.6);
    expect(computeFigures(CONVERSATIONS, SETTINGS.unitPrices).moneyAtStake).toBe(3);
    const builder = createViewBuilder({ ...EMPTY_FILTER, workspace: 'sierra' }, SETTINGS.unitPrices, new Map(), { profilePrices: prices });
    for (const c of CONVERSATIONS) builder.add(c);
    expect(builder.finish().figures.moneyAtStake).toBe(2.4);

    const counts: DayCounts = {};
    for (const c of CONVERSATIONS) {
      const { at: _at, units, ...fields } = contributionOf(c)!;
      const key = tallyKey(fields);
      const [n, u] = counts[key] ?? [0, 0];
      counts[key] = [n + 1, u + units];
    }
    const days = [{ day: '2026-11-02', counts }];
    expect(viewFromTallies(days, EMPTY_FILTER, SETTINGS.unitPrices, prices).figures.moneyAtStake).toBe(5.6);
    expect(viewFromTallies(days, { ...EMPTY_FILTER, workspace: 'decagon' }, SETTINGS.unitPrices, prices).figures.moneyAtStake).toBe(2.7);
    expect(viewFromTallies(days, { ...EMPTY_FILTER, workspace: 'ada' }, SETTINGS.unitPrices, prices).figures.moneyAtStake).toBe(0.5);
  });
});

describe("reconciling a profile's bill", () => {
  // Each bill: lines 2, 3, 4 = conversations 1, 2, 3 (Ada: 1, 2), one unit each, at the profile's price.
  //   Sierra  ($1.20): billed 3 × 1.20 = $3.60; disputed 1 and 2 (false) = 2 × 1.20 = $2.40
  //   Decagon ($0.90): billed 3 × 0.90 = $2.70; disputed all three          = $2.70
  //   Ada ($0.50, the default): billed 2 × 0.50 = $1.00; disputed 1 (false)  = $0.50 (2 is unsure: to check)
  it("uses the profile's own price for every line", () => {
    const sierra = reconcile(bill(['1', '2', '3']), CONVERSATIONS, contractFor(SETTINGS, 'custom', 'sierra'), { vendor: 'custom', workspace: 'sierra' });
    expect(sierra.items.map((r) => [r.item.line, r.category, r.money])).toEqual([[2, 'billed_false', 1.2], [3, 'billed_false', 1.2], [4, 'billed_genuine', 1.2]]);
    expect(sierra.billed).toEqual({ items: 3, units: 3, money: 3.6 });
    expect(sierra.disputed).toEqual({ items: 2, units: 2, money: 2.4 });

    const decagon = reconcile(bill(['1', '2', '3']), CONVERSATIONS, contractFor(SETTINGS, 'custom', 'decagon'), { vendor: 'custom', workspace: 'decagon' });
    expect(decagon.billed).toEqual({ items: 3, units: 3, money: 2.7 });
    expect(decagon.disputed).toEqual({ items: 3, units: 3, money: 2.7 });

    const ada = reconcile(bill(['1', '2']), CONVERSATIONS, contractFor(SETTINGS, 'custom', 'ada'), { vendor: 'custom', workspace: 'ada' });
    expect(ada.items.map((r) => r.category)).toEqual(['billed_false', 'billed_unsure']);
    expect(ada.billed).toEqual({ items: 2, units: 2, money: 1 });
    expect(ada.disputed).toEqual({ items: 1, units: 1, money: 0.5 });
  });
});

describe("a profile's terms are refused, naming the field, when they are not what Recount writes", () => {
  const update = (profileTerms: unknown) => parseRequest({ type: 'settings/update', settings: { profileTerms } });

  it('by the settings/update message', () => {
    expect(update({ sierra: { unitPrice: -1 } })).toEqual({ ok: false, error: 'Invalid message at settings.profileTerms.sierra.unitPrice: expected at least 0' });
    expect(update({ sierra: { unitPrice: 'cheap' } })).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid message at settings\.profileTerms\.sierra\.unitPrice: .*number/) });
    expect(update({ sierra: { unitPrice: 1.2, discount: 0.5 } })).toMatchObject({ ok: false, error: expect.stringMatching(/settings\.profileTerms\.sierra\.discount/) });
    expect(update({ sierra: { billableClaims: ['free'] } })).toMatchObject({ ok: false, error: expect.stringMatching(/settings\.profileTerms\.sierra\.billableClaims\.0/) });
    expect(update({ 'Not An Id': { unitPrice: 1 } })).toMatchObject({ ok: false, error: expect.stringMatching(/settings\.profileTerms/) });
    // What the editors send passes; null removes a profile's entry.
    expect(update({ sierra: { unitPrice: 1.2 }, decagon: null, ada: { billableClaims: ['resolved'], ownDefinition: null } })).toMatchObject({ ok: true });
  });

  it('by a restore (the same schema)', () => {
    const problem = (profileTerms: unknown) => {
      const result = v.safeParse(SettingsValueSchema, { ...DEFAULT_SETTINGS, profileTerms });
      return result.success ? null : describeIssue(result.issues[0]);
    };
    expect(problem({ sierra: { unitPrice: -1 } })).toBe('profileTerms.sierra.unitPrice: expected at least 0, found -1');
    expect(problem({ sierra: { unitPrice: 'cheap' } })).toBe('profileTerms.sierra.unitPrice: expected a number, found "cheap"');
    expect(problem({ sierra: [] })).toBe('profileTerms.sierra: expected an object, found an array');
    expect(problem({ sierra: { unitPrice: 1.2 }, decagon: { unitPrice: 0.9, recontactDays: 3 } })).toBeNull();
    expect(problem({})).toBeNull();
  });
});

describe('the contract terms editor', () => {
  const names = profileNamesOf(EXAMPLE_PROFILES);
  const options = () => [...(screen.getByRole('combobox', { name: 'Terms of' }) as HTMLSelectElement).options].map((o) => o.textContent);
  const claimBoxes = () => [...document.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name^="claim-"]')].map((i) => i.name);

  it("shows a profile's bill under that profile's name and price, with one entry per saved profile, and only a profile's claims", async () => {
    render(<ContractEditor vendor="custom" workspace="sierra" settings={SETTINGS} profileNames={names} />);
    expect(screen.getByRole('group', { name: 'Contract terms for Sierra' })).toBeTruthy();
    // The built-in vendors, then the saved profiles by name (Ada, Decagon, Sierra), then the default.
    expect(options()).toEqual(['Intercom', 'Zendesk', 'Salesforce', 'Ada', 'Decagon', 'Sierra', 'Other profiles (default terms)']);
    expect((screen.getByRole('spinbutton', { name: 'Unit price (USD)' }) as HTMLInputElement).value).toBe('1.2');
    // A profile's page reports "resolved" or nothing: the only claim its contract can bill.
    expect(PROFILE_RESOLUTION_KINDS).toEqual(['resolved', 'none']);
    expect(claimBoxes()).toEqual(['claim-resolved']);

    fireEvent.change(screen.getByRole('spinbutton', { name: 'Unit price (USD)' }), { target: { value: '1.5' } });
    await waitFor(() => expect(requestMock).toHaveBeenCalledWith({ type: 'settings/update', settings: { profileTerms: { sierra: { unitPrice: 1.5 } } } }));

    // Another profile's terms: Ada has none of its own, so the default $0.50 shows, and saving makes its own.
    fireEvent.change(screen.getByRole('combobox', { name: 'Terms of' }), { target: { value: 'custom:ada' } });
    await waitFor(() => expect(screen.getByRole('group', { name: 'Contract terms for Ada' })).toBeTruthy());
    expect((screen.getByRole('spinbutton', { name: 'Unit price (USD)' }) as HTMLInputElement).value).toBe('0.5');
    expect(screen.getByRole('group', { name: 'Contract terms for Ada' }).textContent).toContain('This bill is reconciled under the terms of Sierra.');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Unit price (USD)' }), { target: { value: '-2' } });
    expect(screen.getByRole('group', { name: 'Contract terms for Ada' }).textContent).toContain('Not saved: the unit price must be a number ≥ 0.');

    // A built-in vendor's terms list its claims, as before.
    fireEvent.change(screen.getByRole('combobox', { name: 'Terms of' }), { target: { value: 'intercom:' } });
    await waitFor(() => expect(screen.getByRole('group', { name: 'Contract terms for Intercom' })).toBeTruthy());
    expect(claimBoxes()).toContain('claim-confirmed');
  });
});

describe('the prices in Settings', () => {
  it('show one price per saved profile, by its name, and the default for the others', async () => {
    const db = freshDb();
    await db.profiles.bulkPut(EXAMPLE_PROFILES.filter((p) => p.id !== 'ada'));
    const update = vi.fn(async () => undefined);
    const say = vi.fn();
    render(
      <form>
        <ProfilePrices db={db} settings={SETTINGS} update={update} say={say} />
      </form>,
    );
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: 'Sierra' })).toBeTruthy());
    const value = (name: string) => (screen.getByRole('spinbutton', { name }) as HTMLInputElement).value;
    expect([...document.querySelectorAll('label')].map((l) => l.textContent?.trim())).toEqual(['Decagon', 'Sierra', 'Other profiles (default terms)']);
    expect([value('Decagon'), value('Sierra'), value('Other profiles (default terms)')]).toEqual(['0.9', '1.2', '0.5']);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Sierra' }), { target: { value: '1.3' } });
    expect(update).toHaveBeenCalledWith({ profileTerms: { sierra: { unitPrice: 1.3 } } }, 'Sierra price saved.');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Other profiles (default terms)' }), { target: { value: '0.6' } });
    expect(update).toHaveBeenCalledWith({ unitPrices: { custom: 0.6 } }, 'Other profiles (default terms) price saved.');
  });
});
