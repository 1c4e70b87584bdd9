// The notes' index (utils/store/notes.ts), read when free text is wanted and again after writes that moved it:
// rows read once are kept (they never change), so a read after a tag fetches that tag's few entries.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { searchNotes, type NoteSearch } from '../../utils/analysis/note-search';
import type { Filter } from '../../utils/analysis/filters';
import type { RecountDB } from '../../utils/store/db';
import { COMPACT_WHEN_READ_AT, noteLogSize, readNoteIndex, type NoteIndex } from '../../utils/store/notes';
import { request } from '../../utils/transport/protocol';
import { countsAreBuilt } from '../../utils/store/tallies';
import { afterWritesTo, serialQueue } from './follow-writes';


export function useNoteIndex(db: RecountDB, wanted: boolean): NoteIndex | null {
  const [index, setIndex] = useState<NoteIndex | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    let last: NoteIndex | null = null;
    let compacted = false;
    const enqueue = serialQueue('the notes');
    // Not built yet (the day counts are being built): the rebuild's writes bring the next read.
    const read = async () => {
      // A long log (a large merge or pull leaves one): compacted by the background first, so the page reads each
      // noted conversation once instead of every entry the merges wrote (known from the log's keys alone).
      if (!compacted && (await noteLogSize(db)) > COMPACT_WHEN_READ_AT) {
        compacted = true;
        await request({ type: 'notes/compact' }).catch((error) => console.error('[Recount] could not compact the notes’ index', error));
      }
      const found = await readNoteIndex(db, countsAreBuilt, last);
      if (found) last = found;
      if (alive && found) setIndex(found);
    };
    enqueue(read);
    const stop = afterWritesTo(db, ['tallies'], () => alive && enqueue(read));
    return () => {
      alive = false;
      stop();
    };
  }, [db, wanted]);
  return wanted ? index : null;
}

/**
 * Free text in notes, searched in the index: read once the search box is used (`wantNotes`) or a filter has text,
 * then kept current. Null without text, or until the index is read.
 */
export function useNoteSearch(db: RecountDB, filter: Filter): { noteSearch: NoteSearch | null; wantNotes: () => void } {
  const withText = filter.text !== '';
  const [wanted, setWanted] = useState(withText);
  useEffect(() => {
    if (withText) setWanted(true);
  }, [withText]);
  const index = useNoteIndex(db, wanted);
  const noteSearch = useMemo(() => (withText && index ? searchNotes(index, filter) : null), [withText, index, filter]);
  const wantNotes = useMemo(() => () => setWanted(true), []);
  return { noteSearch, wantNotes };
}
