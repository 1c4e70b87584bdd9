// CSV rows with the physical line each starts on, so a message names the line a person sees in an editor: blank
// lines count, a quoted cell's own line breaks count, CRLF, LF and a lone CR each end one line.
import Papa from 'papaparse';

export interface CsvRow {
  cells: string[];
  /** 1-based physical line the row starts on. */
  line: number;
}

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

export interface CsvParse {
  rows: CsvRow[];
  /** The first problem, on the line where it starts (an unterminated quote: the line of its opening quote). */
  error: { line: number; message: string } | null;
}

/**
 * Parses a whole CSV text (blank lines skipped), refusing rows wider than `maxColumns` or cells longer than
 * `maxCell` at the first one. Stops at the first problem.
 */
export function parseCsvLines(text: string, { maxColumns = 500, maxCell = 100_000 } = {}): CsvParse {
  const rows: CsvRow[] = [];
  const lineAt = lineCounter(text);
  let error: CsvParse['error'] = null;
  let previousCursor = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: true,
    delimiter: ',',
    step(result, parser) {
      // The row starts after the previous row's line break and any blank lines after it.
      let start = previousCursor;
      while (start < text.length && (text[start] === '\r' || text[start] === '\n')) start++;
      previousCursor = result.meta.cursor;
      const problem = result.errors[0] as (Papa.ParseError & { index?: number }) | undefined;
      if (problem) {
        error = { line: lineAt(problem.index ?? start), message: problem.code === 'MissingQuotes' ? 'a quoted cell starts here and is never closed' : problem.message };
        parser.abort();
        return;
      }
      const line = lineAt(start);
      const cells = result.data;
      if (cells.length > maxColumns) {
        error = { line, message: `${cells.length.toLocaleString('en')} columns: at most ${maxColumns} are read` };
        parser.abort();
        return;
      }
      const long = cells.findIndex((cell) => cell.length > maxCell);
      if (long >= 0) {
        error = { line, message: `column ${long + 1}: a cell of ${cells[long].length.toLocaleString('en')} characters (at most ${maxCell.toLocaleString('en')})` };
        parser.abort();
        return;
      }
      rows.push({ cells, line });
    },
  });
  return { rows, error };
}
