// The data's life: an evidence bundle for the vendor, a backup of everything, a restore, and deleting a view.
import { signByThisBrowser } from './sign';
import { useState } from 'preact/hooks';
import { backupBlob, decodeBackup, type BackupPhase } from '../../utils/io/backup';
import { BACKUP_META_TABLE } from '../../utils/store/backup-schema';
import { type RecountDB } from '../../utils/store/db';
import { previewDeletion, type DeletionSummary } from '../../utils/store/deletion';
import { conversationsInView } from '../../utils/analysis/view-rows';
import { streamEvidenceBundle } from '../../utils/io/evidence';
import { pagedEvents } from '../../utils/io/stream-export';
import { deletionFilter, isEmptyFilter, matchesConversation, matchesEvent, type Filter } from '../../utils/analysis/filters';
import { downloadBlob, stampedName } from './downloads';
import { request } from '../../utils/transport/protocol';
import { requestInParts } from '../../utils/transport/uploads';

/**
 * The confirmation of a deletion, from the same plan the deletion carries out (store/deletion planDeletion): what
 * goes, and which of the view's conversations stay and why.
 */
export function deletionQuestion(plan: DeletionSummary): string {
  const stay = [
    plan.keptWithVerdict > 0 ? `${plan.keptWithVerdict} keeping a verdict this view does not choose (an earlier one, or another reviewer's)` : '',
    plan.keptUntagged > 0 ? `${plan.keptUntagged} never tagged (no verdict event to delete)` : '',
  ].filter(Boolean);
  return (
    `Delete the ${plan.events} verdict event(s) of this view from Recount` +
    (plan.conversations > 0 ? `, and with them the ${plan.conversations} conversation(s) left with no event? ` : '? No conversation leaves Recount. ') +
    (stay.length > 0 ? `${plan.keptWithVerdict + plan.keptUntagged} conversation(s) of this view stay: ${stay.join('; ')}. ` : '') +
    'This cannot be undone; exports made before keep them. The hash chain keeps a tombstone (no contents) for each deleted event so it still verifies.'
  );
}

export function DataPanel({ db, filter }: { db: RecountDB; filter: Filter }) {
  const [includeTranscripts, setIncludeTranscripts] = useState(false);
  const [redactTranscripts, setRedactTranscripts] = useState(true);
  const [message, setMessage] = useState('');
  const filtered = !isEmptyFilter(filter);

  const evidence = async () => {
    setMessage('Building the evidence bundle…');
    const source = pagedEvents(db, (e) => matchesEvent(e, filter), await db.events.count());
    const { blob, manifest } = await streamEvidenceBundle(
      source,
      await conversationsInView(db, filter),
      { includeTranscripts, redactTranscripts, filter: filtered ? { ...filter } : null, deleted: await db.tombstones.toArray(), sign: signByThisBrowser },
      (done, total) => setMessage(`Building the evidence bundle… ${total ? Math.floor((100 * done) / total) : 100}%`),
    );
    downloadBlob(stampedName('recount-evidence', 'zip'), blob);
    const counts = manifest.counts as { events: number; conversations: number; transcriptsIncluded: number };
    setMessage(`Evidence bundle: ${counts.events} event(s), ${counts.conversations} conversation(s), ${counts.transcriptsIncluded} transcript(s).`);
  };

  const backup = async () => {
    setMessage('Backing up…');
    downloadBlob(stampedName('recount-backup', 'json'), await backupBlob(db));
    setMessage('Backup saved: every table of the database, as JSON.');
  };

  const restore = async (file: File | undefined) => {
    if (!file) return;
    if (!confirm(`Replace everything in Recount with the backup “${file.name}”? What is here now and not in the backup is lost.`)) return;
    // From the first moment: a large backup takes seconds to read and check before anything is sent.
    const progress = (share: number, phase: BackupPhase) =>
      setMessage(`${phase === 'reading' ? 'Reading' : 'Checking'} the backup… ${Math.floor(share * 100)}%`);
    progress(0, 'reading');
    try {
      const { tables, databaseVersion } = await decodeBackup(file, db.name, progress, db.verno);
      // In parts: one message may not pass 64 MiB, which a large backup does. The background checks everything
      // again (any page could send a restore), the backup's schema version too.
      const { counts, newChain } = await requestInParts(
        { ...tables, [BACKUP_META_TABLE]: [{ databaseVersion }] },
        (uploadId) => ({ type: 'db/restore', uploadId }),
        (phase, done, total) =>
          setMessage(phase === 'sending' ? `Handing over the backup: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} row(s)…` : 'Restoring…'),
      );
      setMessage(
        `Restored: ${counts.events} event(s), ${counts.conversations} conversation(s), ${counts.profiles} profile(s).` +
          (newChain ? ' The backup came from another browser, whose signing key stayed there: its chain is kept as it was, and your next tags start a new chain signed by this browser’s key.' : ''),
      );
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const remove = async () => {
    // The view as the background will read it, planned by the same function the deletion runs: the numbers
    // confirmed are the numbers deleted, and the background refuses if the plan changed in between.
    const view = deletionFilter(filter);
    const plan = await previewDeletion(db, (e) => matchesEvent(e, view), (c) => matchesConversation(c, view));
    if (plan.events === 0) {
      setMessage(`Nothing to delete: this view holds no verdict event${plan.keptUntagged > 0 ? ` (its ${plan.keptUntagged} conversation(s) were never tagged)` : ''}.`);
      return;
    }
    if (!confirm(deletionQuestion(plan))) return;
    try {
      const deleted = await request({ type: 'events/delete', filter: { ...filter }, confirmed: plan.digest });
      setMessage(`Deleted ${deleted.events} event(s) and ${deleted.conversations} conversation(s).`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <div class="data-panel">
      <div class="toolbar">
        <strong>Evidence bundle (zip) of {filtered ? 'this view' : 'everything'}:</strong>
        <label class="check">
          <input type="checkbox" checked={includeTranscripts} onChange={(e) => setIncludeTranscripts((e.target as HTMLInputElement).checked)} /> include
          transcripts
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={redactTranscripts}
            disabled={!includeTranscripts}
            onChange={(e) => setRedactTranscripts((e.target as HTMLInputElement).checked)}
          />{' '}
          redact emails, phone and card numbers
        </label>
        <button type="button" onClick={() => void evidence()}>
          Download evidence bundle
        </button>
      </div>
      <div class="toolbar">
        <button type="button" onClick={() => void backup()}>
          Back up everything
        </button>
        <label>
          Restore from a backup <input type="file" accept=".json,application/json" onChange={(e) => void restore((e.target as HTMLInputElement).files?.[0])} />
        </label>
        <button type="button" class="danger" disabled={!filtered} title={filtered ? '' : 'Choose a filter first'} onClick={() => void remove()}>
          Delete this view…
        </button>
      </div>
      <p role="status" class="message">
        {message}
      </p>
    </div>
  );
}
