import { describe, expect, it } from 'vitest';
import type { ConversationRecord } from '../../utils/model/records';
import { computeFigures, distinctSorted, EMPTY_FILTER, filterFromQuery, filterToQuery, groupForCharts,
  barFalseRate, localDay, matchesConversation, matchesEvent } from '../../utils/analysis/filters';
import { DEFAULT_UNIT_PRICES } from '../../utils/model/settings';
import { localZone } from '../../utils/model/tally';
import type { ResolutionKind, Vendor, Verdict, VerdictEvent } from '../../utils/model/verdict';

const at = (day: string) => new Date(`${day}T12:00:00`).getTime();
let n = 0;
function conv(vendor: Vendor, resolution: ResolutionKind, verdict: Verdict | null, extra: Partial<VerdictEvent> = {}, windows?: number): ConversationRecord {
  const id = String(++n);
  const claim = { state: 'closed' as const, resolution, resolutionLabel: '', url: `https://x/${id}` };
  const current: VerdictEvent | null = verdict
    ? { id: `e${id}`, convKey: `${vendor}:w:${id}`, vendor, workspace: 'w', conversationId: id, verdict, reason: verdict === 'false' ? 'wrong_answer' : null, note: '', reviewer: 'Ana', at: at('2026-11-20'), claim, suggested: null, chain: 'c', seq: n, prevHash: '', hash: '', ...extra }
    : null;
  return { convKey: `${vendor}:w:${id}`, vendor, workspace: 'w', conversationId: id, agentName: 'Fin', claim, messageCounts: { customer: 0, ai_agent: 0, teammate: 0, note: 0 }, billingNote: null, billing: windows ? { windows } : null, firstSeenAt: at('2026-11-19'), lastSeenAt: at('2026-11-19'), suggestion: null, transcriptDigest: 'd', transcript: null, current };
}

describe('filter in the URL', () => {
  it('round-trips every field, and drops values that are not valid', () => {
    const filter = { ...EMPTY_FILTER, from: '2026-11-01', to: '2026-11-30', vendor: 'zendesk' as const, verdict: 'untagged' as const, reviewer: 'Ana (Tier 1)', text: 'refund & co' };
    expect(filterFromQuery(filterToQuery(filter))).toEqual(filter);
    expect(filterFromQuery('?vendor=acme&verdict=maybe&from=yesterday&reason=other')).toEqual({ ...EMPTY_FILTER, reason: 'other' });
    expect(filterToQuery(EMPTY_FILTER)).toBe('');
  });
});

describe('matching', () => {
  const falseOne = conv('intercom', 'assumed', 'false', { note: 'Customer REFUNDED by Alex', reviewer: 'Bo', at: at('2026-11-21') });
  const untagged = conv('zendesk', 'automated_resolution', null);
  it.each([
    [{ vendor: 'intercom' }, true, false],
    [{ verdict: 'false' }, true, false],
    [{ verdict: 'untagged' }, false, true],
    [{ reason: 'wrong_answer' }, true, false],
    [{ reviewer: 'Bo' }, true, false],
    [{ text: 'refunded' }, true, false],
    [{ claim: 'automated_resolution' }, false, true],
    [{ from: '2026-11-21', to: '2026-11-21' }, true, false],
    [{ from: '2026-11-19', to: '2026-11-19' }, false, true], // untagged: by when it was last seen
    [{ from: '2026-11-22' }, false, false],
  ] as const)('%j → %s, %s', (patch, first, second) => {
    const filter = { ...EMPTY_FILTER, ...patch };
    expect([matchesConversation(falseOne, filter), matchesConversation(untagged, filter)]).toEqual([first, second]);
  });
  it('events match on their own fields', () => {
    expect(matchesEvent(falseOne.current!, { ...EMPTY_FILTER, verdict: 'false', text: 'alex' })).toBe(true);
    expect(matchesEvent(falseOne.current!, { ...EMPTY_FILTER, verdict: 'untagged' })).toBe(false);
  });
  it('local day', () => expect(localDay(at('2026-02-03'))).toBe('2026-02-03'));
});

describe('figures', () => {
  it('counts billed, tagged, each verdict; the false rate over decided with its Wilson interval; money at stake', () => {
    const set = [
      conv('intercom', 'assumed', 'false'),
      conv('intercom', 'confirmed', 'genuine'),
      conv('intercom', 'assumed', 'genuine'),
      conv('intercom', 'assumed', 'unsure'),
      conv('intercom', 'assumed', null),
      conv('intercom', 'escalated', 'false'), // not billed: not counted
      conv('salesforce', 'conversation_window', 'false', {}, 2), // two billed windows
      conv('zendesk', 'automated_resolution', 'false'),
    ];
    const figures = computeFigures(set, DEFAULT_UNIT_PRICES);
    expect(figures).toMatchObject({ billed: 7, tagged: 6, genuine: 2, false: 3, unsure: 1 });
    expect(figures.falseRate.rate).toBeCloseTo(0.6);
    expect(figures.falseRate.low).toBeCloseTo(0.2307, 3);
    expect(figures.falseRate.high).toBeCloseTo(0.8824, 3);
    expect(figures.moneyAtStake).toBe(0.99 + 2 * 2 + 1.5);
  });

  it("groups tagged conversations for the charts, each bar's rate on the headline's base (genuine + false)", () => {
    // Day 2026-11-20: Bo false, Ana genuine, Ana unsure, one untagged → 3 tagged, 1 false of 2 decided (50%, not 33%).
    const set = [conv('intercom', 'assumed', 'false', { reviewer: 'Bo' }), conv('intercom', 'assumed', 'genuine'), conv('intercom', 'assumed', 'unsure'), conv('intercom', 'assumed', null)];
    const charts = groupForCharts(set);
    expect(charts.perDay).toEqual([{ label: '2026-11-20', total: 3, false: 1, decided: 2 }]);
    expect(barFalseRate(charts.perDay[0])).toBe(0.5);
    expect(charts.byReason).toEqual([{ label: 'wrong_answer', total: 1, false: 1, decided: 1 }]);
    expect(charts.byReviewer).toEqual([
      { label: 'Ana', total: 2, false: 0, decided: 1 },
      { label: 'Bo', total: 1, false: 1, decided: 1 },
    ]);
    expect(charts.byClaim).toEqual([{ label: 'assumed', total: 3, false: 1, decided: 2 }]);
    expect(barFalseRate({ label: 'x', total: 2, false: 0, decided: 0 })).toBeNull();
  });
});

describe('localDay', () => {
  // Zones with daylight saving, a half-hour shift and a 45-minute offset; each on its own year, so the cache
  // filled under one zone is never read under another.
  it.each([
    ['America/New_York', 2030],
    ['Australia/Lord_Howe', 2032],
    ['Asia/Kathmandu', 2034],
  ])('gives the local calendar day of any time in %s, cached or not', (zone, year) => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    try {
      const plain = (at: number) => {
        const d = new Date(at);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      };
      expect(new Date(Date.UTC(year, 0, 1)).getTimezoneOffset()).not.toBe(0);
      for (let at = Date.UTC(year, 0, 1); at < Date.UTC(year + 1, 0, 1); at += 7 * 60_000 + 13_001) {
        expect(localDay(at)).toBe(plain(at));
        expect(localDay(at + 899_999)).toBe(plain(at + 899_999));
      }
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('localZone', () => {
  it('follows a change of zone at once, and the days cached under the old zone go with it', () => {
    const before = process.env.TZ;
    // 2036-03-01 02:00 UTC: still 29 February in New York (UTC-5), already 1 March in Tokyo (UTC+9).
    const at = Date.UTC(2036, 2, 1, 2, 0);
    try {
      process.env.TZ = 'America/New_York';
      expect(localZone()).toBe('America/New_York');
      expect(localDay(at)).toBe('2036-02-29');
      process.env.TZ = 'Asia/Tokyo';
      expect(localZone()).toBe('Asia/Tokyo');
      expect(localDay(at)).toBe('2036-03-01');
    } finally {
      process.env.TZ = before;
      localZone();
    }
  });
});

describe('distinctSorted', () => {
  it('gives each non-empty value once, sorted, in one pass', () => {
    const items = [{ v: 'b' }, { v: null }, { v: 'a' }, { v: '' }, { v: 'b' }, { v: undefined }, { v: 'c' }];
    expect(distinctSorted(items, (i) => i.v)).toEqual(['a', 'b', 'c']);
    expect(distinctSorted([], (i: { v: string }) => i.v)).toEqual([]);
  });
});
