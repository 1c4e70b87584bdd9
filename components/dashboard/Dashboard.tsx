import type { ComponentChildren } from 'preact';
import { formatMoney } from '../../utils/model/format';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type RecountDB } from '../../utils/store/db';
import { getSettings } from '../../utils/store/settings';
import { currentVerdictsToCsv, exportFileName, type ExportKind } from '../../utils/io/export';
import { pagedEvents, streamEventsExport } from '../../utils/io/stream-export';
import { EMPTY_FILTER, filterFromQuery, filterToQuery, isEmptyFilter, matchesEvent, type Filter } from '../../utils/analysis/filters';
import { DEFAULT_SETTINGS } from '../../utils/model/settings';
import { formatPercent } from '../../utils/analysis/stats';
import { REASON_LABELS, type VerdictEvent } from '../../utils/model/verdict';
import { BarList, PerDayChart } from './Charts';
import { ConversationTable } from './ConversationTable';
import { DataPanel } from './DataPanel';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { downloadBlob, downloadText } from './downloads';
import { FilterBar } from './FilterBar';
import { ImportPanel } from './ImportPanel';
import { ProfilesPanel } from './ProfilesPanel';
import { ReconcilePanel } from './ReconcilePanel';
import { SpotCheckPanel } from './SpotCheckPanel';
import { TeamPanel } from './TeamPanel';
import { SettingsPanel } from '../settings/SettingsForm';
import { useConversations } from './useConversations';
import { useReviewerVerdicts } from './useReviewerVerdicts';
import { useDashboardView } from './useDashboardView';
import { useEventCount } from './useEventCount';
import { useTallies } from './useTallies';
import { useFirstRows } from './useFirstRows';
import { talliesAnswer, viewFromTallies } from '../../utils/analysis/tally-view';
import { createViewBuilder } from '../../utils/analysis/view';
import { useLiveQuery } from './useLiveQuery';

const money = formatMoney;
/** The full read starts this long after opening even if the first reads have not answered. */
const FULL_READ_AT_LATEST_MS = 1500;
/** What the dashboard shows before its first view is built. */
const EMPTY_VIEW = createViewBuilder(EMPTY_FILTER, DEFAULT_SETTINGS.unitPrices, new Map()).finish();

/**
 * One titled section of the dashboard, reachable by its id (#team, #reconcile, …). Its contents come once the
 * first figures and rows are shown (`ready`): their own reads would otherwise queue beside those.
 */
function Panel({ id, title, ready, children }: { id: string; title: string; ready: boolean; children: ComponentChildren }) {
  return (
    <section class="panel" id={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {ready ? children : <p class="muted">Loading…</p>}
    </section>
  );
}

export function Dashboard({ db }: { db: RecountDB }) {
  const [filter, setFilterState] = useState<Filter>(() => filterFromQuery(location.search));
  const [message, setMessage] = useState('');
  const setFilter = (next: Filter) => {
    setFilterState(next);
    // The URL keeps the view, so it can be bookmarked and shared.
    history.replaceState(null, '', `${location.pathname}${filterToQuery(next)}${location.hash}`);
  };
  // The first figures (day counts) and rows (by index) are read before the long reads of every conversation and
  // every reviewer's verdicts start: those would hold the page and the database while the first screen waits.
  const [fullReadStarted, startFullRead] = useState(false);
  const conversations = useConversations(db, fullReadStarted);
  const settings = useLiveQuery(() => getSettings(db), [], DEFAULT_SETTINGS);
  const eventCount = useEventCount(db, fullReadStarted);
  // Conversations more than one reviewer tagged: each reviewer's own latest verdict (the table marks a
  // disagreement, "by reviewer" counts each reviewer's own; the figures count the conversation once, by its latest).
  const { several: severalReviewers, loading: reviewersLoading } = useReviewerVerdicts(db, fullReadStarted);

  const all = useMemo(() => conversations ?? [], [conversations]);
  // Everything below the filter bar, rebuilt in slices after each change (the page stays responsive meanwhile).
  const built = useDashboardView(conversations, filter, settings.unitPrices, severalReviewers);
  // Figures and charts from the counts kept per day (any filter but free text): there at once, however long the
  // log; the full view adds the rows, the disagreements, and "by reviewer" where several reviewers tagged one.
  const tallies = useTallies(db);
  const tallied = useMemo(() => (tallies && talliesAnswer(filter) ? viewFromTallies(tallies, filter, settings.unitPrices) : null), [tallies, filter, settings.unitPrices]);
  // The full view lags a filter change by its pass over the conversations; till then the newest rows of the new
  // filter (by index) stand in, so the table never shows one filter's rows under another's figures.
  const fresh = built !== null && built.filter === filter;
  const firstRows = useFirstRows(db, filter, !fresh);
  const view = built ?? EMPTY_VIEW;
  const { disagreed } = view;
  const rows = fresh ? built.rows : (firstRows?.rows ?? []);
  /** Which filter the table's rows are for (tests and the bench wait on it). */
  const rowsView = fresh ? filterToQuery(filter) : firstRows ? filterToQuery(firstRows.filter) : null;
  const figures = tallied?.figures ?? view.figures;
  const charts = tallied ? { ...tallied.charts, byReviewer: built && severalReviewers.size > 0 ? built.charts.byReviewer : tallied.charts.byReviewer } : view.charts;
  const reviewers = tallied?.reviewers ?? view.reviewers;
  const workspaces = tallied?.workspaces ?? view.workspaces;
  const figuresShown = tallied !== null || built !== null;
  useEffect(() => {
    if (fullReadStarted) return;
    if (tallies !== null && firstRows !== null) startFullRead(true);
    // Whatever happens to the first reads, the full one starts soon.
    const timer = setTimeout(() => startFullRead(true), FULL_READ_AT_LATEST_MS);
    return () => clearTimeout(timer);
  }, [fullReadStarted, tallies, firstRows]);
  const byReviewer = charts.byReviewer;

  // Panels that do not depend on the filter, as elements kept between renders: Preact skips an element it has
  // already rendered, so a filter change does not re-render them (one of them scanned every conversation).
  const reconcilePanel = useMemo(() => <ReconcilePanel db={db} conversations={all} settings={settings} />, [db, conversations, settings]);
  const spotCheckPanel = useMemo(() => <SpotCheckPanel db={db} conversations={all} settings={settings} />, [db, conversations, settings]);
  const importPanel = useMemo(() => <ImportPanel db={db} />, [db]);
  const teamPanel = useMemo(() => <TeamPanel severalReviewers={severalReviewers} />, [severalReviewers]);
  const profilesPanel = useMemo(() => <ProfilesPanel />, []);
  const diagnosticsPanel = useMemo(() => <DiagnosticsPanel db={db} />, [db]);
  const settingsForm = useMemo(() => <SettingsPanel />, []);

  const filtered = !isEmptyFilter(filter);
  const [progress, setProgress] = useState<number | null>(null);
  const exportEvents = async (kind: ExportKind) => {
    setMessage('Preparing the export…');
    setProgress(0);
    let exported = 0;
    const matches = (e: VerdictEvent) => {
      const keep = matchesEvent(e, filter);
      if (keep) exported++;
      return keep;
    };
    try {
      const options = { filter: filtered ? { ...filter } : null, deleted: await db.tombstones.toArray() };
      // Read page by page and written as Blob parts: memory stays bounded however long the log is.
      const blob = await streamEventsExport(kind, pagedEvents(db, matches, await db.events.count()), options, (read, total) =>
        setProgress(total ? read / total : 1),
      );
      downloadBlob(exportFileName(kind), blob);
      if (kind !== 'csv') exported /= 2; // JSON and NDJSON read the log twice (chains first, then events)
      setMessage(`Exported ${exported} event${exported === 1 ? '' : 's'}${filtered ? ' (this view)' : ''} as ${kind.toUpperCase()}.`);
    } catch (e) {
      setMessage(`Export failed: ${(e as Error).message}`);
    } finally {
      setProgress(null);
    }
  };
  const exportCurrent = (kind: ExportKind) => {
    const current = view.rows.map((c) => c.current).filter((e): e is VerdictEvent => e !== null);
    if (kind === 'csv') downloadText(exportFileName('csv', 'current'), currentVerdictsToCsv(current), 'text/csv;charset=utf-8');
    else if (kind === 'ndjson') downloadText(exportFileName('ndjson', 'current'), current.map((e) => `${JSON.stringify(e)}\n`).join(''), 'application/x-ndjson');
    else downloadText(exportFileName('json', 'current'), `${JSON.stringify({ format: 'recount-current-verdicts', filter: filtered ? filter : null, current }, null, 2)}\n`, 'application/json');
    setMessage(`Exported ${current.length} current verdict${current.length === 1 ? '' : 's'} as ${kind.toUpperCase()}.`);
  };

  return (
    <main>
      <header class="top">
        <h1>Recount</h1>
        <p class="muted">Your own count of the resolutions your AI agent vendor bills for. Stored only in this browser.</p>
        <nav class="jump">
          <a href="#reconcile">Reconcile the bill</a> · <a href="#spot-checks">Spot checks</a> · <a href="#data">Evidence, backup, deletion</a> · <a href="#merge">Merge logs</a> · <a href="#profiles">Vendor profiles</a> · <a href="#diagnostics">Diagnostics</a> · <a href="#settings">Settings</a>
        </nav>
      </header>
      <FilterBar filter={filter} onChange={setFilter} reviewers={reviewers} workspaces={workspaces} />
      {filtered && (
        <p>
          <button type="button" class="link" onClick={() => setFilter(filterFromQuery(''))}>
            Clear filters
          </button>
        </p>
      )}
      <section class="figures" aria-label="Summary" aria-busy={built === null || reviewersLoading} data-shown={figuresShown}>
        <div data-figure="billed"><strong>{figures.billed}</strong> billed outcomes seen</div>
        <div data-figure="tagged"><strong>{figures.tagged}</strong> tagged</div>
        <div data-figure="verdicts">
          <strong>
            {figures.genuine} / {figures.false} / {figures.unsure}
          </strong>{' '}
          genuine / false / unsure
        </div>
        <div data-figure="false-rate">
          <strong>{figures.genuine + figures.false > 0 ? formatPercent(figures.falseRate.rate) : '—'}</strong> false among tagged conversations
          <span class="muted small">
            {figures.genuine + figures.false > 0
              ? `false ÷ (genuine + false) = ${figures.false} ÷ ${figures.genuine + figures.false}, unsure left out; 95% CI ${formatPercent(figures.falseRate.low)}–${formatPercent(figures.falseRate.high)} (Wilson). Reviewers chose what to tag: this describes the tagged conversations, not the vendor's rate — for that, run a `
              : 'no genuine or false tags yet'}
            {figures.genuine + figures.false > 0 && <a href="#spot-checks">spot check</a>}
            {figures.genuine + figures.false > 0 && '.'}
          </span>
        </div>
        <div data-figure="disagreed">
          <strong>{disagreed.size}</strong> conversation(s) reviewers disagree on
          <span class="muted small"> — each counted once above, by its latest verdict; marked in the table, and each reviewer's own verdict counts in "By reviewer"</span>
        </div>
        <div data-figure="money"><strong>{money(figures.moneyAtStake)}</strong> billed for false resolutions</div>
        <div data-figure="events"><strong>{eventCount ?? '…'}</strong> verdict events</div>
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
        <button type="button" onClick={() => exportCurrent('csv')} disabled={view.rows.length === 0}>
          Current verdicts CSV
        </button>
        <button type="button" onClick={() => exportCurrent('json')} disabled={view.rows.length === 0}>
          Current verdicts JSON
        </button>
        <button type="button" onClick={() => exportCurrent('ndjson')} disabled={view.rows.length === 0}>
          Current verdicts NDJSON
        </button>
        {progress !== null && <progress aria-label="Export progress" max={1} value={progress} />}
        <span role="status" class="muted">
          {message}
        </span>
      </section>
      {rowsView === null || (rows.length === 0 && !fresh) ? (
        <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">
          {filtered
            ? 'No conversation in this view.'
            : "Nothing here yet. Open a conversation your vendor marked resolved in the helpdesk, and Recount's bar appears at the bottom right."}
        </p>
      ) : (
        <ConversationTable rows={rows} disagreed={disagreed} view={rowsView} />
      )}
      <Panel id="team" title="Team" ready={fullReadStarted}>
        {teamPanel}
      </Panel>
      <Panel id="reconcile" title="Reconcile the bill" ready={fullReadStarted}>
        {reconcilePanel}
      </Panel>
      <Panel id="spot-checks" title="Spot checks" ready={fullReadStarted}>
        {spotCheckPanel}
      </Panel>
      <Panel id="data" title="Evidence, backup and deletion" ready={fullReadStarted}>
        <DataPanel db={db} filter={filter} rows={view.rows} />
      </Panel>
      <Panel id="merge" title="Merge logs from other agents" ready={fullReadStarted}>
        {importPanel}
      </Panel>
      <Panel id="profiles" title="Vendor profiles" ready={fullReadStarted}>
        {profilesPanel}
      </Panel>
      <Panel id="diagnostics" title="Diagnostics" ready={fullReadStarted}>
        {diagnosticsPanel}
      </Panel>
      <Panel id="settings" title="Settings" ready={fullReadStarted}>
        {settingsForm}
      </Panel>
    </main>
  );
}
