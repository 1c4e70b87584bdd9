// Limits every JSON input is held to before it is parsed. JSON.parse recurses: a file nested 100,000 levels deep
// throws "Maximum call stack size exceeded" (or worse, a later walk over the value does). A linear scan that
// counts brackets outside strings finds such a file without recursing, so the refusal can say what and where.

/** Deeper than anything Recount writes (a backup's settings rows are ~10 levels), far below any stack limit. */
export const MAX_JSON_DEPTH = 64;

/** Where a text nests deeper than `maxDepth`, as a 1-based line and column; null when it does not. */
export function tooDeep(text: string, maxDepth = MAX_JSON_DEPTH): { line: number; column: number; depth: number } | null {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      else if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        line++;
        lineStart = i + 1;
      }
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return { line, column: i - lineStart + 1, depth };
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    // A line ends at LF, CRLF (counted at its LF) or a lone CR.
    else if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return null;
}

/** The refusal for a text nested too deep, naming where; null when it is within the limit. */
export function depthProblem(text: string, what = 'the file', maxDepth = MAX_JSON_DEPTH): string | null {
  const deep = tooDeep(text, maxDepth);
  return deep ? `line ${deep.line}, column ${deep.column}: ${what} nests deeper than ${maxDepth} levels (refused unread: no Recount file does)` : null;
}

/**
 * JSON.parse, refusing first a text nested deeper than `maxDepth`. Throws an Error whose message names the line
 * (the caller prefixes what it was reading).
 */
export function parseJsonBounded(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const problem = depthProblem(text, 'the JSON', maxDepth);
  if (problem) throw new Error(problem);
  return JSON.parse(text);
}

/** Keys that reach a prototype when a path through an object is followed or assigned. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
