// Merging other agents' exports: read and verify each file in the page, preview, then one all-or-nothing
// merge in the background. A file with a bad row or a broken chain is refused with the line and the reason.
import { useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import { readExportFileInWorker } from '../../utils/io/read-in-worker';
import { describeChainProblem } from '../../utils/model/event-schema';
import { planMerge, type MergePlan } from '../../utils/store/merge';
import type { VerdictEvent } from '../../utils/model/verdict';
import { importInParts } from '../../utils/transport/uploads';

interface FileReport {
  name: string;
  refused: string[];
  events: number;
  chains: number;
}

/** Events the picked files disagree about: one id with two contents, or one chain position with two events. */
function conflictsAcross(files: ReadonlyArray<{ name: string; events: readonly VerdictEvent[] }>): string[] {
  const byId = new Map<string, { event: VerdictEvent; file: string }>();
  const byPosition = new Map<string, { event: VerdictEvent; file: string }>();
  const conflicts: string[] = [];
  for (const { name, events } of files) {
    for (const event of events) {
      const sameId = byId.get(event.id);
      if (sameId && sameId.event.hash !== event.hash) conflicts.push(`event ${event.id}: ${sameId.file} and ${name} hold different contents for it`);
      const position = `${event.chain}\u0000${event.seq}`;
      const samePosition = byPosition.get(position);
      if (samePosition && samePosition.event.id !== event.id) {
        conflicts.push(`chain ${event.chain}, seq ${event.seq}: ${samePosition.file} holds event ${samePosition.event.id} there, ${name} event ${event.id} (a fork)`);
      }
      if (!sameId) byId.set(event.id, { event, file: name });
      if (!samePosition) byPosition.set(position, { event, file: name });
      if (conflicts.length >= 20) return conflicts;
    }
  }
  return conflicts;
}

export function ImportPanel({ db }: { db: RecountDB }) {
  const [reports, setReports] = useState<FileReport[]>([]);
  const [pending, setPending] = useState<VerdictEvent[]>([]);
  const [plan, setPlan] = useState<MergePlan | null>(null);
  const [conflicts, setConflicts] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<{ phase: 'sending' | 'writing'; done: number; total: number } | null>(null);
  const [reading, setReading] = useState<{ name: string; share: number } | null>(null);

  const choose = async (files: FileList | null) => {
    setMessage('');
    setPlan(null);
    setConflicts([]);
    const next: FileReport[] = [];
    const accepted: Array<{ name: string; events: VerdictEvent[] }> = [];
    try {
      for (const file of files ? [...files] : []) {
        setReading({ name: file.name, share: 0 });
        const read = await readExportFileInWorker(file, (share) => setReading({ name: file.name, share }));
        const refused = [
          ...read.errors,
          ...(read.verification?.fileProblem ? [`the file: ${read.verification.fileProblem}`] : []),
          ...(read.verification?.problems ?? []).map(describeChainProblem),
        ];
        next.push({ name: file.name, refused, events: read.events.length, chains: Object.keys(read.verification?.chains ?? {}).length });
        if (refused.length === 0) accepted.push({ name: file.name, events: read.events });
      }
    } catch (error) {
      setMessage(`Not read: ${(error as Error).message}`);
    } finally {
      setReading(null);
    }
    // The same event in two files (two agents' merged exports) is one event; two versions of it are a conflict.
    const across = conflictsAcross(accepted);
    const unique = [...new Map(accepted.flatMap((f) => f.events).map((e) => [e.id, e])).values()];
    setReports(next);
    setConflicts(across);
    setPending(across.length > 0 ? [] : unique);
    if (unique.length > 0 && across.length === 0) setPlan(await planMerge(db, unique));
  };

  const merge = async () => {
    try {
      // In parts: one message may not pass 64 MiB, and 100,000 events do. The background writes as they come.
      const result = await importInParts(pending, (phase, done, total) => setProgress({ phase, done, total }));
      setMessage(
        `Merged: ${result.added} new event(s), ${result.alreadyPresent} already here${result.deletedHere ? `, ${result.deletedHere} deleted here left out` : ''}, ${result.changedVerdicts} current verdict(s) changed.`,
      );
      setPlan(null);
      setPending([]);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setProgress(null);
    }
  };

  const refusedAny = reports.some((r) => r.refused.length > 0);
  return (
    <div class="import">
      <label>
        Import Recount exports (JSON, NDJSON or CSV; several at once){' '}
        <input type="file" accept=".json,.ndjson,.csv,application/json,text/csv" multiple disabled={reading !== null} onChange={(e) => void choose((e.target as HTMLInputElement).files)} />
      </label>
      {reading && (
        <p class="import-progress">
          <progress aria-label="Reading progress" max={1} value={reading.share} /> Checking {reading.name}… {Math.floor(reading.share * 100)}%
        </p>
      )}
      {reports.map((r) => (
        <div class={r.refused.length ? 'file-report refused' : 'file-report'} data-file={r.name}>
          <strong>{r.name}</strong>:{' '}
          {r.refused.length === 0 ? (
            `${r.events} event(s) in ${r.chains} chain(s), intact`
          ) : (
            <>
              refused, nothing from it will be merged
              <ul>
                {r.refused.slice(0, 20).map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ))}
      {conflicts.length > 0 && (
        <div class="file-report refused" role="alert">
          The files disagree with each other, nothing will be merged:
          <ul>
            {conflicts.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {plan && (
        <div class="merge-preview" role="region" aria-label="Merge preview">
          {plan.positionProblems.length > 0 && (
            <div class="file-report refused" role="alert">
              Refused: the files disagree with this log's chains, nothing will be merged
              <ul>
                {plan.positionProblems.map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </div>
          )}
          <p>
            <strong>{plan.added.length}</strong> new event(s), <strong>{plan.alreadyPresent}</strong> already here
            {plan.clashing.length > 0 && (
              <>
                , <strong class="verdict--false">{plan.clashing.length} clash</strong> with events here (same id, other contents)
              </>
            )}
            {plan.deletedHere > 0 && (
              <>
                , <strong>{plan.deletedHere}</strong> deleted here (left out)
              </>
            )}
            ; <strong>{plan.changedVerdicts.length}</strong> conversation(s) would change current verdict
            {plan.changedVerdicts.filter((c) => c.before).length > 0 && ` (${plan.changedVerdicts.filter((c) => c.before && c.before.verdict !== c.after.verdict).length} of them to a different verdict)`}.
          </p>
          <button type="button" class="primary" disabled={plan.added.length === 0 || plan.clashing.length > 0 || plan.positionProblems.length > 0 || progress !== null} onClick={() => void merge()}>
            Merge {plan.added.length} event(s)
          </button>
          {refusedAny && <p class="muted">Refused files are left out; only the intact ones are merged.</p>}
        </div>
      )}
      {progress && (
        <p class="import-progress">
          <progress aria-label="Merge progress" max={progress.total || 1} value={progress.done} />{' '}
          {progress.phase === 'sending' ? 'Handing over' : 'Merging'} {progress.done.toLocaleString('en')} of {progress.total.toLocaleString('en')} event(s)…
        </p>
      )}
      <p role="status" class="message">
        {message}
      </p>
    </div>
  );
}
