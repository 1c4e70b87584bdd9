// The dashboard: its figures, charts and table over the filtered view, the exports, and the areas holding every panel.
// Long because it is where every read the first screen needs is started once and shared by the areas (figures,
// table, disagreements, the conversations the reconcile and spot-check panels need); split, each would read again.
import { formatMoney } from '../../utils/model/format';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { type RecountDB } from '../../utils/store/db';
import { getSettings } from '../../utils/store/settings';
import { currentVerdictsToCsv, exportFileName, type ExportKind } from '../../utils/io/export';
import { exportEventsOffPage } from '../../utils/analysis/events-export-off-page';
import { EMPTY_FILTER, filterFromQuery, filterToQuery, isEmptyFilter, type Filter } from '../../utils/analysis/filters';
import { DEFAULT_SETTINGS, profileUnitPrices } from '../../utils/model/settings';
import { formatPercent } from '../../utils/analysis/stats';
import { REASON_LABELS, type VerdictEvent } from '../../utils/model/verdict';
import type { ReviewerVerdict } from '../../utils/analysis/reviewer-verdicts';
import { BarList, PerDayChart } from './Charts';
import { ConversationTable } from './ConversationTable';
import { Area, AREAS, Panel, useArea, usePanelsAfter } from './areas';
import { downloadBlob, downloadText } from './downloads';
import { FilterBar } from './FilterBar';
import { useConversations } from './useConversations';
import { useReviewerVerdicts } from './useReviewerVerdicts';
import { noteFilterChange } from './filter-quiet';
import { useEventCount } from './useEventCount';
import { useTallies } from './useTallies';
import { ROW_PAGE, useRowPages } from './useRowPages';
import { useRecordsOf } from './useRecordsOf';
import { useNoteSearch } from './useNoteIndex';
import { disagreedIn, talliesAnswer, viewFromTallies, withEachReviewer } from '../../utils/analysis/tally-view';
import { createViewBuilder } from '../../utils/analysis/view';
import { conversationsInView } from '../../utils/analysis/view-rows';
import { useLiveQuery } from './useLiveQuery';
import { signByThisBrowser } from './sign';

const money = formatMoney;
/** The reads after the first screen start this long after opening even if the first reads have not answered. */
const AFTER_FIRST_SCREEN_AT_LATEST_MS = 1500;
/** Up to this many events every conversation is read at once (cheap); past it, only when a panel needs them. */
const READ_ALL_UP_TO_EVENTS = 20_000;
/** What the dashboard shows before its first figures are counted. */
const EMPTY_VIEW = createViewBuilder(EMPTY_FILTER, DEFAULT_SETTINGS.unitPrices, new Map()).finish();
const NO_DISAGREEMENT: ReadonlyMap<string, ReviewerVerdict[]> = new Map();
const NONE: string[] = [];
const NEEDS_EVERY_CONVERSATION = new Set(['#reconcile', '#reconciliation', '#spot-checks']);

export function Dashboard({ db }: { db: RecountDB }) {
  const area = useArea();
  const [filter, setFilterState] = useState<Filter>(() => filterFromQuery(location.search));
  const [message, setMessage] = useState('');
  const setFilter = (next: Filter) => {
    noteFilterChange(); // the long background reads wait meanwhile (filter-quiet.ts)
    setFilterState(next);
    // The URL keeps the view, so it can be bookmarked and shared.
    history.replaceState(null, '', `${location.pathname}${filterToQuery(next)}${location.hash}`);
  };
  const settings = useLiveQuery(() => getSettings(db), [], DEFAULT_SETTINGS);
  // Figures and charts from the counts kept per day (any filter but free text): there at once, however long the
  // log. The table: the filter's newest conversations, a page at a time by index. Nothing here holds every
  // conversation; the few panels that need them all read them once they are wanted (below).
  const tallies = useTallies(db);
  const bySums = talliesAnswer(filter);
  const { noteSearch, wantNotes } = useNoteSearch(db, filter);
  const { pages, more, loadingMore } = useRowPages(db, filter, noteSearch);
  const firstScreen = tallies !== null && pages !== null;
  // The reads that come after the first figures and rows (they would queue beside those), or soon whatever happens.
  const [afterFirstScreen, startAfterFirstScreen] = useState(false);
  useEffect(() => {
    if (afterFirstScreen) return;
    if (firstScreen) startAfterFirstScreen(true);
    const timer = setTimeout(() => startAfterFirstScreen(true), AFTER_FIRST_SCREEN_AT_LATEST_MS);
    return () => clearTimeout(timer);
  }, [afterFirstScreen, firstScreen]);
  const eventCount = useEventCount(db, afterFirstScreen);
  // Conversations more than one reviewer tagged: each reviewer's own latest verdict (the table marks a
  // disagreement, "by reviewer" counts each reviewer's own; the figures count the conversation once, by its latest).
  const { several: severalReviewers, loading: reviewersLoading } = useReviewerVerdicts(db, afterFirstScreen);
  const severalRecords = useRecordsOf(db, severalReviewers);

  // The filter's choices (reviewers, workspaces) come from the counts whatever the filter.
  // Each vendor profile's conversations at that profile's own price (Settings › prices; absent: the default).
  const profilePrices = useMemo(() => profileUnitPrices(settings), [settings.profileTerms]);
  const allTallied = useMemo(() => (tallies ? viewFromTallies(tallies, bySums ? filter : { ...filter, text: '' }, settings.unitPrices, profilePrices) : null), [tallies, filter, bySums, settings.unitPrices, profilePrices]);
  // With free text: the same view, from the day counts of the conversations whose note holds it.
  const textTallied = useMemo(() => (noteSearch ? viewFromTallies(noteSearch.days, { ...filter, text: '' }, settings.unitPrices, profilePrices) : null), [noteSearch, filter, settings.unitPrices, profilePrices]);
  const tallied = bySums ? allTallied : textTallied;
  const figures = tallied?.figures;
  // The conversations several reviewers tagged are corrected by their records, checked against the whole filter.
  const disagreed = useMemo(() => (severalRecords ? disagreedIn(severalReviewers, severalRecords, filter) : NO_DISAGREEMENT), [severalReviewers, severalRecords, filter]);
  const charts = useMemo(() => {
    if (!tallied) return EMPTY_VIEW.charts;
    return { ...tallied.charts, byReviewer: severalRecords ? withEachReviewer(tallied.charts.byReviewer, severalReviewers, severalRecords, filter) : tallied.charts.byReviewer };
  }, [tallied, severalReviewers, severalRecords, filter]);
  const shown = figures ?? EMPTY_VIEW.figures;
  const figuresShown = figures !== undefined;
  const settled = figuresShown && !reviewersLoading && severalRecords !== null;
  const rows = pages?.rows ?? [];
  const byReviewer = charts.byReviewer;
  // Every conversation, read only for the panels that need them all (reconciling a bill against what was seen,
  // a spot check's population): when one of them is used or linked to, or at once for a small log.
  const [conversationsWanted, wantConversations] = useState(false);
  useEffect(() => {
    if (!conversationsWanted && eventCount !== null && eventCount <= READ_ALL_UP_TO_EVENTS) wantConversations(true);
  }, [conversationsWanted, eventCount]);
  // Opened at one of those panels (a bookmark, the links at the top): wanted.
  useEffect(() => {
    const check = () => NEEDS_EVERY_CONVERSATION.has(location.hash) && wantConversations(true);
    check();
    addEventListener('hashchange', check);
    return () => removeEventListener('hashchange', check);
  }, []);
  const conversations = useConversations(db, conversationsWanted);
  const panelsState = usePanelsAfter(afterFirstScreen);
  const panels = panelsState && !('failed' in panelsState) ? panelsState : null;
  const want = useCallback(() => wantConversations(true), []);
  // Panels that do not depend on the filter, as elements kept between renders: Preact skips an element it has
  // already rendered, so a filter change does not re-render them.
  const reconcilePanel = useMemo(() => panels && <panels.ReconcilePanel db={db} conversations={conversations} settings={settings} />, [panels, db, conversations, settings]);
  const spotCheckPanel = useMemo(() => panels && <panels.SpotCheckPanel db={db} conversations={conversations} settings={settings} />, [panels, db, conversations, settings]);
  const importPanel = useMemo(() => panels && <panels.ImportPanel db={db} />, [panels, db]);
  const teamPanel = useMemo(() => panels && <panels.TeamPanel severalReviewers={severalReviewers} />, [panels, severalReviewers]);
  const profilesPanel = useMemo(() => panels && <panels.ProfilesPanel />, [panels]);
  const diagnosticsPanel = useMemo(() => panels && <panels.DiagnosticsPanel db={db} />, [panels, db]);
  const settingsForm = useMemo(() => panels && <panels.SettingsPanel db={db} />, [panels, db]);

  const filtered = !isEmptyFilter(filter);
  const [progress, setProgress] = useState<number | null>(null);
  const exportEvents = async (kind: ExportKind) => {
    setMessage('Preparing the export…');
    setProgress(0);
    try {
      // Read page by page in a worker and written as Blob parts: memory stays bounded however long the log is,
      // and the page stays responsive. JSON and NDJSON are signed by this installation's key.
      const { blob, exported } = await exportEventsOffPage(db, kind, filter, signByThisBrowser, setProgress);
      downloadBlob(exportFileName(kind), blob);
      setMessage(`Exported ${exported} event${exported === 1 ? '' : 's'}${filtered ? ' (this view)' : ''} as ${kind.toUpperCase()}.`);
    } catch (e) {
      setMessage(`Export failed: ${(e as Error).message}`);
    } finally {
      setProgress(null);
    }
  };
  const exportCurrent = async (kind: ExportKind) => {
    setMessage('Preparing the export…');
    const current = (await conversationsInView(db, filter)).map((c) => c.current).filter((e): e is VerdictEvent => e !== null);
    if (kind === 'csv') downloadText(exportFileName('csv', 'current'), currentVerdictsToCsv(current), 'text/csv;charset=utf-8');
    else if (kind === 'ndjson') downloadText(exportFileName('ndjson', 'current'), current.map((e) => `${JSON.stringify(e)}\n`).join(''), 'application/x-ndjson');
    else downloadText(exportFileName('json', 'current'), `${JSON.stringify({ format: 'recount-current-verdicts', filter: filtered ? filter : null, current }, null, 2)}\n`, 'application/json');
    setMessage(`Exported ${current.length} current verdict${current.length === 1 ? '' : 's'} as ${kind.toUpperCase()}.`);
  };

  return (
    <main>
      <header class="top">
        <div class="brand">
          <img src="/icon/32.png" alt="" width="28" height="28" />
          <h1>Recount</h1>
        </div>
        <nav aria-label="Dashboard areas">
          <ul class="areas">
            {AREAS.map(({ id, label }) => (
              <li key={id}>
                <a href={`#${id}`} aria-current={area === id ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <Area id="overview" current={area}>
      <p class="muted">Your own count of the resolutions your AI agent vendor bills for. Stored only in this browser.</p>
      <FilterBar filter={filter} onChange={setFilter} onTextFocus={wantNotes} reviewers={allTallied?.reviewers ?? NONE} workspaces={allTallied?.workspaces ?? NONE} />
      {filtered && (
        <p>
          <button type="button" class="link" onClick={() => setFilter(filterFromQuery(''))}>
            Clear filters
          </button>
        </p>
      )}
      <section class="figures" aria-label="Summary" aria-busy={!settled} data-shown={figuresShown}>
        <div data-figure="billed"><strong>{shown.billed}</strong> billed outcomes seen</div>
        <div data-figure="tagged"><strong>{shown.tagged}</strong> tagged</div>
        <div data-figure="verdicts">
          <strong>
            {shown.genuine} / {shown.false} / {shown.unsure}
          </strong>{' '}
          genuine / false / unsure
        </div>
        <div data-figure="false-rate">
          <strong>{shown.genuine + shown.false > 0 ? formatPercent(shown.falseRate.rate) : '—'}</strong> false among tagged conversations
          <span class="muted small">
            {shown.genuine + shown.false > 0
              ? `95% CI ${formatPercent(shown.falseRate.low)}–${formatPercent(shown.falseRate.high)} (Wilson) · these tagged conversations, not the vendor's rate — for that, run a `
              : 'no genuine or false tags yet'}
            {shown.genuine + shown.false > 0 && <a href="#spot-checks">spot check</a>}
            {shown.genuine + shown.false > 0 && '.'}
          </span>
          {shown.genuine + shown.false > 0 && (
            <details>
              <summary>How it is counted</summary>
              <span class="muted small" data-rate-method>
                false ÷ (genuine + false) = {shown.false} ÷ {shown.genuine + shown.false}, unsure left out; Wilson score interval. Reviewers chose what to
                tag, so this describes the conversations they tagged; a seeded spot check estimates the vendor's rate.
              </span>
            </details>
          )}
        </div>
        <div data-figure="disagreed">
          <strong>{disagreed.size}</strong> conversation(s) reviewers disagree on
          <span class="muted small"> — each counted once above, by its latest verdict</span>
          <details>
            <summary>More</summary>
            <span class="muted small">Marked in the table with each reviewer's own verdict; “By reviewer” counts each reviewer's own verdict; the Team area settles them.</span>
          </details>
        </div>
        <div data-figure="money"><strong>{money(shown.moneyAtStake)}</strong> billed for false resolutions</div>
        <div data-figure="events"><strong>{eventCount ?? '…'}</strong> verdict events</div>
        {!bySums && (
          <div data-figure="search" role="status">
            {noteSearch ? `${noteSearch.searched.toLocaleString('en')} notes searched for “${filter.text}”` : `Reading the notes to search for “${filter.text}”…`}
          </div>
        )}
      </section>
      <section class="charts" aria-label="Charts">
        <PerDayChart days={charts.perDay} />
        <BarList title="By reason (false)" bars={charts.byReason} label={(r) => REASON_LABELS[r as keyof typeof REASON_LABELS] ?? r} showFalse={false} />
        <BarList title="By reviewer" bars={byReviewer} />
        <BarList title="By vendor claim" bars={charts.byClaim} label={(k) => k.replace(/_/g, ' ')} />
      </section>
      <section class="toolbar" aria-label="Export">
        <span>Export {filtered ? 'this view' : 'everything'}:</span>
        <button type="button" onClick={() => void exportEvents('csv')} disabled={!eventCount}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportEvents('json')} disabled={!eventCount}>
          Export JSON
        </button>
        <button type="button" onClick={() => void exportEvents('ndjson')} disabled={!eventCount}>
          Export NDJSON
        </button>
        <button type="button" onClick={() => void exportCurrent('csv')} disabled={rows.length === 0}>
          Current verdicts CSV
        </button>
        <button type="button" onClick={() => void exportCurrent('json')} disabled={rows.length === 0}>
          Current verdicts JSON
        </button>
        <button type="button" onClick={() => void exportCurrent('ndjson')} disabled={rows.length === 0}>
          Current verdicts NDJSON
        </button>
        {progress !== null && <progress aria-label="Export progress" max={1} value={progress} />}
        <span role="status" class="muted">
          {message}
        </span>
      </section>
      {pages === null ? (
        <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">
          {filtered
            ? 'No conversation in this view.'
            : "Nothing here yet. Open a conversation your vendor marked resolved in the helpdesk, and Recount's bar appears at the bottom right."}
        </p>
      ) : (
        <>
          <ConversationTable rows={rows} disagreed={disagreed} view={filterToQuery(pages.filter)} />
          <p class="muted table-more">
            {pages.complete ? `${rows.length.toLocaleString('en')} conversation${rows.length === 1 ? '' : 's'}, newest first.` : `The newest ${rows.length.toLocaleString('en')} conversations. `}
            {!pages.complete && (
              <button type="button" onClick={more} disabled={loadingMore}>
                {loadingMore ? 'Reading…' : `Show ${ROW_PAGE} more`}
              </button>
            )}
          </p>
        </>
      )}
      </Area>
      <Area id="team" current={area}>
        <Panel id="team" title="Team" panels={panelsState}>
          {teamPanel}
        </Panel>
      </Area>
      <Area id="reconcile" current={area}>
        <Panel id="reconcile" title="Reconcile the bill" panels={panelsState} onUse={want}>
          {reconcilePanel}
        </Panel>
      </Area>
      <Area id="spot-checks" current={area}>
        <Panel id="spot-checks" title="Spot checks" panels={panelsState} onUse={want}>
          {spotCheckPanel}
        </Panel>
      </Area>
      <Area id="data" current={area}>
        <Panel id="data" title="Evidence, backup and deletion" panels={panelsState}>
          {panels && <panels.DataPanel db={db} filter={filter} />}
        </Panel>
        <Panel id="merge" title="Merge logs from other agents" panels={panelsState}>
          {importPanel}
        </Panel>
      </Area>
      <Area id="settings" current={area}>
        <Panel id="settings" title="Settings" panels={panelsState}>
          {settingsForm}
        </Panel>
        <Panel id="profiles" title="Vendor profiles" panels={panelsState}>
          {profilesPanel}
        </Panel>
        <Panel id="diagnostics" title="Diagnostics" panels={panelsState}>
          {diagnosticsPanel}
        </Panel>
      </Area>
    </main>
  );
}
