// The toolbar popup: what an agent needs while tagging, in one short panel — their name, today's tags, whether
// the team log and the vendor API are working, and the way to the dashboard. Prices, contracts and data settings
// live in the dashboard's Settings.
import { browser } from 'wxt/browser';
import { ReviewerNameForm } from '../settings/SettingsForm';
import { TeamStatusLine } from '../settings/TeamLog';
import { ApiStatusLine } from '../settings/IntercomApi';
import { useLiveQuery } from '../dashboard/useLiveQuery';
import { ownTagsToday, type TodayCounts } from '../../utils/store/today';
import type { RecountDB } from '../../utils/store/db';
import { VERDICT_CHORDS } from '../../utils/model/shortcuts';

function TodayLine({ db }: { db: RecountDB }) {
  const today = useLiveQuery<TodayCounts | null>(() => ownTagsToday(db), [db], null);
  return (
    <p class="today" data-today={today?.total ?? ''}>
      {today === null
        ? 'Counting today’s tags…'
        : today.total === 0
          ? 'No tags from you today yet.'
          : `Today you tagged ${today.total}: ${today.genuine} genuine, ${today.false} false, ${today.unsure} unsure.`}
    </p>
  );
}

const open = (path: string) => void browser.tabs.create({ url: browser.runtime.getURL(path as '/dashboard.html') });

export function Popup({ db }: { db: RecountDB }) {
  return (
    <main>
      <header class="popup-head">
        <img src="/icon/32.png" alt="" width="20" height="20" />
        <h1>Recount</h1>
      </header>
      <ReviewerNameForm />
      <TodayLine db={db} />
      <TeamStatusLine />
      <ApiStatusLine />
      <p class="actions">
        <button type="button" class="primary" onClick={() => open('/dashboard.html')}>
          Open dashboard
        </button>
        <button type="button" onClick={() => open('/dashboard.html#settings')}>
          Settings
        </button>
      </p>
      <p class="muted small">
        On a billed conversation: {VERDICT_CHORDS.genuine.label} genuine, {VERDICT_CHORDS.false.label} false (then 1–6 for the reason),{' '}
        {VERDICT_CHORDS.unsure.label} unsure.
      </p>
      <p class="small">
        <a href="/privacy.html" target="_blank" rel="noopener">
          Privacy: what is stored and what leaves this browser
        </a>{' '}
        · <a href="/welcome.html" target="_blank" rel="noopener">Getting started</a>
      </p>
    </main>
  );
}
