// CSV records with the physical line each starts on, so a message names the line a person sees in an editor: blank
// lines count, a quoted cell's own line breaks count, CRLF, LF and a lone CR each end one line. One RFC 4180
// reader for every CSV Recount reads (billed lists, events exports), whole or in pieces, bounded in columns and
// cell size so a hostile file stops at once.

/** Counts physical lines through a text, forward only, so numbering a whole file stays linear. */
export function lineCounter(text: string) {
  let position = 0;
  let line = 1;
  return (upTo: number): number => {
    for (; position < upTo && position < text.length; position++) {
      const c = text.charCodeAt(position);
      if (c === 10 || (c === 13 && text.charCodeAt(position + 1) !== 10)) line++;
    }
    return line;
  };
}

interface CsvRow {
  cells: string[];
  /** 1-based physical line the row starts on. */
  line: number;
}

/** A whole CSV text, comma-separated, as rows (blank ones skipped) or the first problem on its line. */
export function parseCsvLines(text: string, limits: CsvLimits): { rows: CsvRow[]; error: { line: number; message: string } | null } {
  const rows: CsvRow[] = [];
  let error: { line: number; message: string } | null = null;
  const splitter = createCsvSplitter({
    limits,
    delimiter: ',',
    record(cells, line) {
      rows.push({ cells, line });
      return true;
    },
    problem(line, message) {
      error ??= { line, message };
    },
  });
  splitter.write(text);
  splitter.end();
  return { rows, error };
}

const QUOTE = 34;
const CR = 13;
const LF = 10;
/** How much of a file's start is looked at to tell its delimiter, when the header has not ended before. */
const DELIMITER_SAMPLE_CHARS = 65_536;

/**
 * The delimiter of a CSV, from its header line: the candidate found most often outside quotes; a comma when
 * none is (a one-column file) or on a tie. Excel writes ";" where the decimal mark is a comma; some exports tabs.
 */
function guessDelimiter(head: string): number {
  const counts = new Map<number, number>([[44, 0], [59, 0], [9, 0], [124, 0]]);
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === CR || c === LF)) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = 44;
  for (const [c, n] of counts) if (n > counts.get(best)!) best = c;
  return best;
}

interface CsvLimits {
  maxColumns: number;
  maxCellChars: number;
  /** What the file is, for messages: "a billed list". */
  what: string;
}

interface CsvSink {
  /** A record that is not blank, with the physical line it starts on; false stops the reading. */
  record(cells: string[], line: number, fieldCount: number): boolean;
  /** A problem with the file's shape: the reading stops and the file is refused. */
  problem(line: number, message: string): void;
}

/**
 * Where the splitter stands. 'quote-in-quoted': just after a quote inside a quoted cell, where the next character
 * says whether it was doubled ("") or closed the cell.
 */
type CsvState = 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted';

/**
 * RFC 4180 records from successive pieces of text, each with the physical line it starts on, however the text
 * is cut into pieces (inside a quoted cell, between a CR and its LF). CRLF, LF and a lone CR each end a line
 * and a record; a quoted cell keeps its line breaks and counts them. Blank records (every cell empty or spaces)
 * are skipped, but their lines counted. Bounded: a header of more than `maxColumns` columns, or a cell of
 * more than `maxCellChars` characters, stops the reading as soon as it is seen.
 */
export function createCsvSplitter(sink: CsvSink & { limits: CsvLimits; delimiter?: ',' }) {
  const { maxColumns, maxCellChars, what } = sink.limits;
  let delimiter = sink.delimiter ? sink.delimiter.charCodeAt(0) : -1;
  let head = ''; // the start of the file, held until its delimiter can be told
  let headQuoted = false;
  let headerLineEnded = false;
  let atFileStart = true;
  let state: CsvState = 'field-start';
  let cell = '';
  let cells: string[] = [];
  let fieldCount = 0;
  let hasText = false;
  let header: string[] | null = null;
  let keepCells = maxColumns;
  let line = 1;
  let recordLine = 1;
  let cellLine = 1;
  let previousWasCR = false;
  let stopped = false;

  const columnName = (i: number) => {
    if (!header) return `column ${i + 1} of the header`;
    return header[i] ? header[i] : `column ${i + 1}`;
  };
  const stop = (at: number, message: string) => {
    sink.problem(at, message);
    stopped = true;
  };
  const lineBreak = (c: number) => {
    if (c === CR || !previousWasCR) line++;
    previousWasCR = c === CR;
  };
  const grow = (text: string) => {
    cell += text;
    if (cell.length > maxCellChars) {
      const hint = state === 'quoted' ? ' (a quote opened here and never closed reads the rest of the file as one cell)' : '';
      stop(cellLine, `${columnName(fieldCount)}: a cell of more than ${maxCellChars.toLocaleString('en')} characters starts here${hint}; no ${what.replace(/^an? /, '')} has one`);
    }
  };
  const endField = () => {
    if (!hasText && /\S/.test(cell)) hasText = true;
    if (fieldCount < keepCells) cells.push(cell);
    fieldCount++;
    cell = '';
    state = 'field-start';
    if (!header && fieldCount > maxColumns) {
      stop(recordLine, `the header has more than ${maxColumns} columns (${what} has ${maxColumns > 50 ? 'a few dozen at most' : maxColumns}): refused unread`);
    }
  };
  const endRecord = () => {
    if (hasText && !stopped) {
      if (!header) {
        header = cells.map((c) => c.trim());
        keepCells = header.length + 1; // one more than the header: enough to tell a row has too many
      }
      if (!sink.record(cells, recordLine, fieldCount)) stopped = true;
    }
    cells = [];
    fieldCount = 0;
    hasText = false;
    recordLine = line;
  };

  const scan = (text: string) => {
    const n = text.length;
    let i = 0;
    while (i < n && !stopped) {
      if (state === 'field-start') {
        cellLine = line;
        if (text.charCodeAt(i) === QUOTE) {
          state = 'quoted';
          previousWasCR = false;
          i++;
          continue;
        }
        state = 'unquoted';
      }
      if (state === 'unquoted') {
        let end = i;
        for (let c = text.charCodeAt(end); end < n && c !== delimiter && c !== CR && c !== LF; c = text.charCodeAt(++end));
        if (end > i) {
          previousWasCR = false;
          grow(text.slice(i, end)); // a quote inside an unquoted cell is kept as written, as spreadsheets do
          if (stopped) return;
        }
        i = end;
        if (i === n) return;
        const c = text.charCodeAt(i++);
        endField();
        if (c === delimiter) previousWasCR = false;
        else {
          lineBreak(c);
          endRecord();
        }
      } else if (state === 'quoted') {
        let end = i;
        for (let c = text.charCodeAt(end); end < n && c !== QUOTE; c = text.charCodeAt(++end)) {
          if (c === CR || c === LF) lineBreak(c);
          else previousWasCR = false;
        }
        if (end > i) grow(text.slice(i, end));
        if (stopped) return;
        i = end;
        if (i === n) return;
        previousWasCR = false;
        state = 'quote-in-quoted';
        i++;
      } else {
        const c = text.charCodeAt(i++);
        if (c === QUOTE) {
          state = 'quoted';
          previousWasCR = false;
          grow('"');
        } else if (c === delimiter) {
          previousWasCR = false;
          endField();
        } else if (c === CR || c === LF) {
          endField();
          lineBreak(c);
          endRecord();
        } else {
          stop(line, `${columnName(fieldCount)}: a quoted cell is followed by ${JSON.stringify(String.fromCharCode(c))} before the next delimiter (a quote inside a quoted cell is written twice: "")`);
        }
      }
    }
  };

  return {
    /** The next piece of the text; false once the reading has stopped (refused, or nothing more to read). */
    write(piece: string): boolean {
      if (stopped) return false;
      if (atFileStart && piece.length > 0) {
        atFileStart = false;
        if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
      }
      if (delimiter < 0) {
        head += piece;
        // Has the header line ended (a line break outside quotes)? Only the new piece need be looked at.
        for (let i = 0; i < piece.length && !headerLineEnded; i++) {
          const c = piece.charCodeAt(i);
          if (c === QUOTE) headQuoted = !headQuoted;
          else if (!headQuoted && (c === CR || c === LF)) headerLineEnded = true;
        }
        if (!headerLineEnded && head.length < DELIMITER_SAMPLE_CHARS) return true;
        delimiter = guessDelimiter(head);
        piece = head;
        head = '';
      }
      scan(piece);
      return !stopped;
    },
    /** The end of the text: the last record (if it has no line break), or the quote left open. */
    end() {
      if (delimiter < 0) {
        delimiter = guessDelimiter(head);
        scan(head);
        head = '';
      }
      if (stopped) return;
      if (state === 'quoted') {
        return stop(cellLine, `${columnName(fieldCount)}: the quoted cell that starts here is never closed (its closing quote is missing, so the rest of the file would be one cell)`);
      }
      if (state !== 'field-start' || fieldCount > 0) {
        endField();
        if (!stopped) endRecord();
      }
    },
    stopped: () => stopped,
  };
}

