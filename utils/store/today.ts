// What the popup tells an agent about their own day: the tags this browser saved since local midnight. Events
// merged from teammates (other chains) are not theirs and are left out.
import { DateTime } from 'luxon';
import type { Verdict } from '../model/verdict';
import type { RecountDB } from './db';

export type TodayCounts = Record<Verdict, number> & { total: number; since: number };

/** This browser's tags from the start of today (in `zone`, the reader's own by default) to now. */
export async function ownTagsToday(db: RecountDB, now = Date.now(), zone = 'local'): Promise<TodayCounts> {
  const since = DateTime.fromMillis(now, { zone }).startOf('day').toMillis();
  const counts: TodayCounts = { genuine: 0, false: 0, unsure: 0, total: 0, since };
  // Read only (the popup runs this as a live query): an installation that never tagged has no chain id yet.
  const install = await db.settings.get('install');
  if (install?.key !== 'install') return counts;
  const chain = install.value.chainId;
  await db.events
    .where('at')
    .between(since, now, true, true)
    .each((event) => {
      if (event.chain !== chain) return;
      counts[event.verdict]++;
      counts.total++;
    });
  return counts;
}
