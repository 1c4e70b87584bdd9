// Merging other agents' exports: read and verify each file in the page, preview, then one all-or-nothing
// merge in the background. A file with a bad row or a broken chain is refused with the line and the reason.
import { useState } from 'preact/hooks';
import type { RecountDB } from '../utils/db';
import { describeChainProblem, readRecountExport } from '../utils/import';
import { planMerge, type MergePlan } from '../utils/merge';
import type { VerdictEvent } from '../utils/verdict';
import { importInParts } from '../utils/uploads';

interface FileReport {
  name: string;
  refused: string[];
  events: number;
  chains: number;
}

export function ImportPanel({ db }: { db: RecountDB }) {
  const [reports, setReports] = useState<FileReport[]>([]);
  const [pending, setPending] = useState<VerdictEvent[]>([]);
  const [plan, setPlan] = useState<MergePlan | null>(null);
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<{ phase: 'sending' | 'writing'; done: number; total: number } | null>(null);

  const choose = async (files: FileList | null) => {
    setMessage('');
    setPlan(null);
    const next: FileReport[] = [];
    const accepted: VerdictEvent[] = [];
    for (const file of files ? [...files] : []) {
      const read = readRecountExport(await file.text());
      const refused = [
        ...read.errors,
        ...(read.verification?.fileProblem ? [`the file: ${read.verification.fileProblem}`] : []),
        ...(read.verification?.problems ?? []).map(describeChainProblem),
      ];
      next.push({ name: file.name, refused, events: read.events.length, chains: Object.keys(read.verification?.chains ?? {}).length });
      if (refused.length === 0) accepted.push(...read.events);
    }
    // The same event in two files (two agents' merged exports) is one event.
    const unique = [...new Map(accepted.map((e) => [e.id, e])).values()];
    setReports(next);
    setPending(unique);
    if (unique.length > 0) setPlan(await planMerge(db, unique));
  };

  const merge = async () => {
    try {
      // In parts: one message may not pass 64 MiB, and 100,000 events do. The background writes as they come.
      const result = await importInParts(pending, (phase, done, total) => setProgress({ phase, done, total }));
      setMessage(`Merged: ${result.added} new event(s), ${result.alreadyPresent} already here, ${result.changedVerdicts} current verdict(s) changed.`);
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
        <input type="file" accept=".json,.ndjson,.csv,application/json,text/csv" multiple onChange={(e) => void choose((e.target as HTMLInputElement).files)} />
      </label>
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
      {plan && (
        <div class="merge-preview" role="region" aria-label="Merge preview">
          <p>
            <strong>{plan.added.length}</strong> new event(s), <strong>{plan.alreadyPresent}</strong> already here
            {plan.clashing.length > 0 && (
              <>
                , <strong class="verdict--false">{plan.clashing.length} clash</strong> with events here (same id, other contents)
              </>
            )}
            ; <strong>{plan.changedVerdicts.length}</strong> conversation(s) would change current verdict
            {plan.changedVerdicts.filter((c) => c.before).length > 0 && ` (${plan.changedVerdicts.filter((c) => c.before && c.before.verdict !== c.after.verdict).length} of them to a different verdict)`}.
          </p>
          <button type="button" class="primary" disabled={plan.added.length === 0 || plan.clashing.length > 0 || progress !== null} onClick={() => void merge()}>
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
