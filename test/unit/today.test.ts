// The popup's "today": this browser's own tags since local midnight. Runs under UTC, Asia/Tokyo and
// America/New_York (vitest projects); the midnights below are worked by hand for each.
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './databases';
import { recordVerdict } from '../../utils/store/tagging';
import { ownTagsToday } from '../../utils/store/today';
import { applyMerge } from '../../utils/store/merge';
import type { RecountDB } from '../../utils/store/db';
import type { Verdict, VerdictEvent } from '../../utils/model/verdict';

const freshDb = freshDatabases('today');
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://example.test/x' };
const tagAt = (db: RecountDB, id: string, verdict: Verdict, at: string) =>
  recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: id }, verdict, reason: verdict === 'false' ? 'other' : null, note: '', claim, suggested: null }, { now: Date.parse(at), id: crypto.randomUUID() });

// "Now" is 2026-11-30T12:00Z. Local midnight that day, by hand:
//   UTC               2026-11-30T00:00Z
//   Asia/Tokyo (+9)   2026-11-30T00:00+09 = 2026-11-29T15:00Z
//   America/New_York (-5, no DST in November) 2026-11-30T00:00-05 = 2026-11-30T05:00Z
const NOW = Date.parse('2026-11-30T12:00:00Z');
const MIDNIGHT: Record<string, string> = {
  UTC: '2026-11-30T00:00:00Z',
  'Asia/Tokyo': '2026-11-29T15:00:00Z',
  'America/New_York': '2026-11-30T05:00:00Z',
};
const zone = process.env.TZ && process.env.TZ in MIDNIGHT ? process.env.TZ : 'UTC';

// Tags at: 14:30Z the day before, 16:00Z the day before, 03:00Z, 06:00Z, 11:59Z (and one after "now").
//   counted in UTC:      03:00 false, 06:00 genuine, 11:59 unsure              → 3 (1 / 1 / 1)
//   counted in Tokyo:    16:00 genuine, 03:00 false, 06:00 genuine, 11:59 unsure → 4 (2 / 1 / 1)
//   counted in New York: 06:00 genuine, 11:59 unsure                            → 2 (1 / 0 / 1)
const EXPECTED: Record<string, { genuine: number; false: number; unsure: number; total: number }> = {
  UTC: { genuine: 1, false: 1, unsure: 1, total: 3 },
  'Asia/Tokyo': { genuine: 2, false: 1, unsure: 1, total: 4 },
  'America/New_York': { genuine: 1, false: 0, unsure: 1, total: 2 },
};

describe(`today's own tags (${zone})`, () => {
  it('counts this browser’s tags from local midnight to now, by verdict', async () => {
    const db = freshDb();
    await tagAt(db, '1', 'false', '2026-11-29T14:30:00Z');
    await tagAt(db, '2', 'genuine', '2026-11-29T16:00:00Z');
    await tagAt(db, '3', 'false', '2026-11-30T03:00:00Z');
    await tagAt(db, '4', 'genuine', '2026-11-30T06:00:00Z');
    await tagAt(db, '5', 'unsure', '2026-11-30T11:59:00Z');
    await tagAt(db, '6', 'genuine', '2026-11-30T12:30:00Z');
    const today = await ownTagsToday(db, NOW);
    expect(today).toEqual({ ...EXPECTED[zone], since: Date.parse(MIDNIGHT[zone]) });
  });

  it('leaves out a teammate’s tags merged into this browser', async () => {
    const theirs = freshDb();
    await tagAt(theirs, '7', 'genuine', '2026-11-30T11:00:00Z');
    const mine = freshDb();
    await tagAt(mine, '8', 'false', '2026-11-30T11:30:00Z');
    await applyMerge(mine, (await theirs.events.toArray()) as VerdictEvent[]);
    expect(await mine.events.count()).toBe(2);
    expect(await ownTagsToday(mine, NOW)).toMatchObject({ genuine: 0, false: 1, unsure: 0, total: 1 });
  });
});
