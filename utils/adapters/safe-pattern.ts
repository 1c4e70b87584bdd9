// Refuses regular expressions that can backtrack for a long time (ReDoS) before a vendor profile's conversation-id
// pattern is saved, and again before it runs in a helpdesk tab: JavaScript's engine backtracks, and a pattern such
// as ^/c/(a+)+$ takes exponential time on an address like /c/aaaa…a! — the tab freezes, and so does the preview.
// Long because it is a parser of the regular-expression grammar and the analysis over its tree; the two are one
// argument for why a pattern is safe.
//
// The check reads the pattern's syntax (a small recursive-descent parser of the ECMAScript pattern grammar, without
// the u flag, as `new RegExp(pattern)` reads it) and is conservative: what it cannot show to be linear or close to
// it is refused, which can refuse a safe pattern, never the other way round. The rules:
//  1. at most 300 characters;
//  2. no backreference (\1…\9, \k<name>): matching with one is NP-hard in general;
//  3. no nested repetition: a group repeated more than once ({n,m} with m > 1, *, +) holds no quantifier with a
//     choice (only exact counts such as {4}, which are copies written out), so the star height stays at most 1;
//  4. a repeated group cannot match empty text, and every alternation inside it is told apart by its first
//     characters (so each round of the repetition can be read one way only);
//  5. two repetitions (any quantifier with a choice: ?, *, +, {n,m} with n < m) in a row that can match the same
//     character are refused unless a character neither can match comes between them (\d+\d+x is O(n³) per start);
//  6. no repetition with a choice inside a lookbehind or a lookahead;
//  7. alternations outside repetitions whose branches are not told apart by a literal prefix multiply the ways to
//     read one text: their product is at most 64;
//  8. syntax the parser does not know (inline modifiers such as (?i:…)) is refused rather than guessed.

/** The longest pattern checked at all (the profile form allows no more). */
export const MAX_PATTERN_LENGTH = 300;

// ── character sets: the 128 ASCII code points exactly, everything above as one "some other character" flag ──────

interface CharSet {
  /** Bit i set: ASCII code point i is in the set. */
  ascii: bigint;
  /** May hold a code point above 127 (an over-approximation: intersections keep it when both sides have it). */
  other: boolean;
}

const ALL_ASCII = (1n << 128n) - 1n;
const EMPTY_SET: CharSet = { ascii: 0n, other: false };
const ANY: CharSet = { ascii: ALL_ASCII, other: true };

const single = (code: number): CharSet => (code < 128 ? { ascii: 1n << BigInt(code), other: false } : { ascii: 0n, other: true });
function range(from: number, to: number): CharSet {
  let ascii = 0n;
  for (let c = from; c <= Math.min(to, 127); c++) ascii |= 1n << BigInt(c);
  return { ascii, other: to >= 128 };
}
const union = (a: CharSet, b: CharSet): CharSet => ({ ascii: a.ascii | b.ascii, other: a.other || b.other });
const intersect = (a: CharSet, b: CharSet): CharSet => ({ ascii: a.ascii & b.ascii, other: a.other && b.other });
/** The complement, over-approximated: code points above 127 are assumed to stay in it. */
const complement = (a: CharSet): CharSet => ({ ascii: ALL_ASCII & ~a.ascii, other: true });
const isEmpty = (a: CharSet) => a.ascii === 0n && !a.other;
const overlaps = (a: CharSet, b: CharSet) => !isEmpty(intersect(a, b));
const setOf = (...sets: CharSet[]) => sets.reduce(union, EMPTY_SET);

const DIGIT = range(48, 57);
const WORD = setOf(DIGIT, range(65, 90), range(97, 122), single(95));
const SPACE: CharSet = { ...setOf(range(9, 13), single(32)), other: true };
const LINE_END = setOf(single(10), single(13));
const DOT: CharSet = { ascii: ALL_ASCII & ~LINE_END.ascii, other: true };

// ── syntax tree ──────────────────────────────────────────────────────────────────────────────────────────────

type Node =
  | { kind: 'char'; set: CharSet }
  | { kind: 'assert' }
  | { kind: 'group'; look: 'none' | 'ahead' | 'behind'; alts: Node[][] }
  | { kind: 'repeat'; min: number; max: number; body: Node; at: number };

/** Why a pattern is refused; thrown inside the parser and the checks, caught by `patternHazard`. */
class Hazard extends Error {}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node[][] {
    const alts = this.alternatives();
    if (this.i < this.src.length) throw new Hazard(`an unmatched ")" at character ${this.i + 1}`);
    return alts;
  }

  private peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }

  private alternatives(): Node[][] {
    const alts: Node[][] = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Node[] {
    const nodes: Node[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const at = this.i;
      const atom = this.atom();
      const quantifier = this.quantifier();
      if (quantifier) {
        if (atom.kind === 'assert') throw new Hazard(`a quantifier on an assertion at character ${at + 1}`);
        nodes.push({ kind: 'repeat', min: quantifier.min, max: quantifier.max, body: atom, at });
      } else nodes.push(atom);
    }
    return nodes;
  }

  /** *, +, ?, {n}, {n,}, {n,m}, each maybe followed by ? (lazy: the same backtracking, in another order). */
  private quantifier(): { min: number; max: number } | null {
    const c = this.peek();
    let q: { min: number; max: number } | null = null;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return null; // Annex B: a "{" that starts no quantifier is a literal.
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      q = { min, max };
      this.i += m[0].length;
    }
    if (q && this.peek() === '?') this.i++;
    return q;
  }

  private atom(): Node {
    const c = this.peek();
    switch (c) {
      case '^':
      case '$':
        this.i++;
        return { kind: 'assert' };
      case '.':
        this.i++;
        return { kind: 'char', set: DOT };
      case '[':
        return { kind: 'char', set: this.charClass() };
      case '(':
        return this.group();
      case '\\':
        return this.atomEscape();
      case '*':
      case '+':
      case '?':
        throw new Hazard(`nothing to repeat at character ${this.i + 1}`);
      default:
        this.i++;
        return { kind: 'char', set: single(c.charCodeAt(0)) };
    }
  }

  private group(): Node {
    const start = this.i;
    this.i++; // (
    let look: 'none' | 'ahead' | 'behind' = 'none';
    if (this.peek() === '?') {
      const rest = this.src.slice(this.i, this.i + 3);
      if (rest.startsWith('?:')) this.i += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) {
        look = 'ahead';
        this.i += 2;
      } else if (rest === '?<=' || rest === '?<!') {
        look = 'behind';
        this.i += 3;
      } else if (rest.startsWith('?<')) {
        const name = /^\?<[$_\p{ID_Start}][$\u200c\u200d\p{ID_Continue}]*>/u.exec(this.src.slice(this.i));
        if (!name) throw new Hazard(`a group name Recount cannot read at character ${start + 1}`);
        this.i += name[0].length;
      } else throw new Hazard(`group syntax "(${rest}" Recount cannot check, at character ${start + 1}`);
    }
    const alts = this.alternatives();
    if (this.peek() !== ')') throw new Hazard(`an unclosed "(" at character ${start + 1}`);
    this.i++;
    return { kind: 'group', look, alts };
  }

  private atomEscape(): Node {
    const at = this.i;
    this.i++; // backslash
    const c = this.peek();
    if (c === '') throw new Hazard('a "\\" at the end');
    if (c === 'b' || c === 'B') {
      this.i++;
      return { kind: 'assert' };
    }
    if (/[1-9]/.test(c)) throw new Hazard(`a backreference (\\${c}, at character ${at + 1}) can take exponential time`);
    if (c === 'k' && this.peek(1) === '<') throw new Hazard(`a backreference (\\k<…>, at character ${at + 1}) can take exponential time`);
    return { kind: 'char', set: this.escapeSet() };
  }

  /** After a backslash (atom or class): the characters the escape stands for. Leaves `i` after it. */
  private escapeSet(): CharSet {
    const c = this.peek();
    this.i++;
    switch (c) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 't':
        return single(9);
      case 'n':
        return single(10);
      case 'v':
        return single(11);
      case 'f':
        return single(12);
      case 'r':
        return single(13);
      case '0':
        // \0 (NUL), or an Annex B octal escape such as \012: any of those is one character below 256.
        while (/[0-7]/.test(this.peek())) this.i++;
        return range(0, 255);
      case 'x': {
        const hex = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (!hex) return single(120);
        this.i += 2;
        return single(parseInt(hex[0], 16));
      }
      case 'u': {
        const hex = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i));
        if (!hex) return single(117);
        this.i += 4;
        return single(parseInt(hex[0], 16));
      }
      case 'c': {
        const letter = this.peek();
        if (/[A-Za-z]/.test(letter)) {
          this.i++;
          return single(letter.charCodeAt(0) % 32);
        }
        // Annex B: "\c" not followed by a letter is a backslash and a "c".
        this.i--;
        return setOf(single(92), single(99));
      }
      default:
        return single(c.charCodeAt(0));
    }
  }

  private charClass(): CharSet {
    const start = this.i;
    this.i++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    let set = EMPTY_SET;
    // In JavaScript a "]" right after "[" or "[^" closes the class: [] matches nothing, [^] anything.
    while (this.peek() !== ']') {
      if (this.i >= this.src.length) throw new Hazard(`an unclosed "[" at character ${start + 1}`);
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.i++;
        const to = this.classAtom();
        if (from.code !== null && to.code !== null && from.code <= to.code) set = union(set, range(from.code, to.code));
        else set = union(set, union(from.set, union(to.set, single(45)))); // Annex B: [\d-z] is \d, "-" or z
      } else set = union(set, from.set);
    }
    this.i++; // ]
    return negated ? complement(set) : set;
  }

  /** One class member: its set, and its code point when it is one character (a range end). */
  private classAtom(): { set: CharSet; code: number | null } {
    const c = this.peek();
    if (c !== '\\') {
      this.i++;
      return { set: single(c.charCodeAt(0)), code: c.charCodeAt(0) };
    }
    this.i++;
    const e = this.peek();
    if (e === 'b') {
      this.i++;
      return { set: single(8), code: 8 }; // [\b] is a backspace
    }
    if (e === '-') {
      this.i++;
      return { set: single(45), code: 45 };
    }
    if (/[1-9]/.test(e)) {
      // Annex B: inside a class \1 is an octal escape (or the digit), never a backreference.
      while (/[0-9]/.test(this.peek())) this.i++;
      return { set: range(0, 255), code: null };
    }
    const before = this.i;
    const set = this.escapeSet();
    const text = this.src.slice(before - 1, this.i);
    const code = /^\\[dDwWsS0]/.test(text) || text === '\\c' ? null : singleCode(set);
    return { set, code };
  }
}

/** The code point of a one-character set, when the parser can say which (ASCII, or \x/\u above it). */
function singleCode(set: CharSet): number | null {
  if (set.other) return null;
  if (set.ascii === 0n || (set.ascii & (set.ascii - 1n)) !== 0n) return null;
  return set.ascii.toString(2).length - 1;
}

// ── properties of nodes ───────────────────────────────────────────────────────────────────────────────────────

function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'char':
      return false;
    case 'assert':
      return true;
    case 'group':
      return node.look !== 'none' || node.alts.some((alt) => alt.every(nullable));
    case 'repeat':
      return node.min === 0 || nullable(node.body);
  }
}

/** Every character the node can consume (lookarounds consume none). */
function charsOf(node: Node): CharSet {
  switch (node.kind) {
    case 'char':
      return node.set;
    case 'assert':
      return EMPTY_SET;
    case 'group':
      return node.look !== 'none' ? EMPTY_SET : setOf(...node.alts.flat().map(charsOf));
    case 'repeat':
      return charsOf(node.body);
  }
}

/** Whether the node holds a quantifier with a choice (anything but an exact {n}, which is n copies written out). */
function hasChoiceQuantifier(node: Node): boolean {
  if (node.kind === 'repeat') return node.min !== node.max || hasChoiceQuantifier(node.body);
  if (node.kind === 'group') return node.alts.some((alt) => alt.some(hasChoiceQuantifier));
  return false;
}

/** The sets of the leading single characters of a branch (zero-width items skipped), up to the first other node. */
function literalPrefix(alt: Node[]): CharSet[] {
  const prefix: CharSet[] = [];
  for (const node of alt) {
    if (node.kind === 'assert') continue;
    if (node.kind === 'repeat' && node.min === node.max && node.body.kind === 'char') {
      for (let k = 0; k < Math.min(node.min, 8); k++) prefix.push(node.body.set);
      if (node.min > 8) break;
      continue;
    }
    if (node.kind !== 'char') break;
    prefix.push(node.set);
  }
  return prefix;
}

/** Whether no text can start both branches: at some position their literal prefixes cannot both match. */
function toldApart(a: Node[], b: Node[]): boolean {
  const pa = literalPrefix(a);
  const pb = literalPrefix(b);
  for (let k = 0; k < Math.min(pa.length, pb.length); k++) if (!overlaps(pa[k], pb[k])) return true;
  return false;
}

/** The sets once each (alternations would otherwise copy the pending list once per branch, group after group). */
function distinct(sets: CharSet[]): CharSet[] {
  const seen = new Map<string, CharSet>();
  for (const set of sets) seen.set(`${set.ascii}:${set.other}`, set);
  return [...seen.values()];
}

const excerpt = (src: string, at: number) => {
  const text = src.slice(at, at + 24);
  return text.length < src.length - at ? `${text}…` : text;
};

// ── the checks ────────────────────────────────────────────────────────────────────────────────────────────────

class Checker {
  /** The product of the branch counts of alternations that can read the same text two ways (rule 7). */
  private ambiguity = 1;
  constructor(private readonly src: string) {}

  /**
   * Walks a sequence left to right. `pending` holds, for each earlier repetition with a choice that has not been
   * cut off, the characters it could still share with a later repetition (rule 5); returns those after the sequence.
   */
  sequence(nodes: Node[], pending: CharSet[], inLook: boolean): CharSet[] {
    for (const node of nodes) pending = this.node(node, pending, inLook);
    return pending;
  }

  private node(node: Node, pending: CharSet[], inLook: boolean): CharSet[] {
    switch (node.kind) {
      case 'assert':
        return pending;
      case 'char':
        // A character every path must read: what an earlier repetition shares with a later one must pass through it.
        return pending.map((p) => intersect(p, node.set)).filter((p) => !isEmpty(p));
      case 'group': {
        if (node.look !== 'none') {
          // Zero-width and atomic: checked on its own, no repetition with a choice inside (rule 6).
          this.noChoiceInside(node, node.look === 'behind' ? 'lookbehind' : 'lookahead');
          for (const alt of node.alts) this.sequence(alt, [], true);
          return pending;
        }
        if (node.alts.length > 1) this.alternation(node.alts);
        return distinct(node.alts.flatMap((alt) => this.sequence(alt, pending, inLook)));
      }
      case 'repeat':
        return this.repeat(node, pending, inLook);
    }
  }

  private repeat(node: Extract<Node, { kind: 'repeat' }>, pending: CharSet[], inLook: boolean): CharSet[] {
    const { body, min, max } = node;
    const where = `"${excerpt(this.src, node.at)}"`;
    if (max > 1 && body.kind !== 'char') this.repeatedBody(body, where);
    if (min === max) {
      // No choice: {n} reads its body n times, like n copies in a row (one copy cuts off no less than n).
      return min === 0 ? pending : this.node(body, pending, inLook);
    }
    if (inLook) throw new Hazard(`a repetition inside a lookaround (${where}) can take quadratic time`);
    const chars = charsOf(body);
    if (pending.some((p) => overlaps(p, chars))) {
      throw new Hazard(`two repetitions in a row that can match the same characters (${where}) can take polynomial time on a long address`);
    }
    // What it holds is checked on its own: an earlier repetition shares nothing with it (just checked).
    if (body.kind === 'group') this.node(body, [], inLook);
    // A mandatory round reads a character no pending repetition can share: they are cut off. An optional one is not.
    const after = min >= 1 ? [] : pending;
    return [...after, chars];
  }

  /** Rules 3 and 4: what a group repeated more than once may hold. */
  private repeatedBody(body: Node, where: string) {
    if (hasChoiceQuantifier(body)) {
      throw new Hazard(`nested repetition (a repeated group holding a quantifier, ${where}) can take exponential time`);
    }
    if (nullable(body)) throw new Hazard(`a repeated group that can match empty text (${where}) can take exponential time`);
    const visit = (node: Node): void => {
      if (node.kind === 'repeat') return visit(node.body); // an exact {n}: its copies are read the same way
      if (node.kind !== 'group') return;
      if (node.alts.length > 1) {
        if (node.alts.some((alt) => alt.every(nullable))) {
          throw new Hazard(`a repeated group with an empty alternative (${where}) can take exponential time`);
        }
        for (let a = 0; a < node.alts.length; a++) {
          for (let b = a + 1; b < node.alts.length; b++) {
            if (!toldApart(node.alts[a], node.alts[b])) {
              throw new Hazard(`a repeated group whose alternatives can match the same text (${where}) can take exponential time`);
            }
          }
        }
      }
      for (const alt of node.alts) alt.forEach(visit);
    };
    visit(body);
  }

  private noChoiceInside(group: Node, what: string) {
    const visit = (node: Node) => {
      if (node.kind === 'repeat' && (node.min !== node.max || what === 'lookbehind')) {
        throw new Hazard(`a quantifier inside a ${what} ("${excerpt(this.src, node.at)}") can take quadratic time`);
      }
      if (node.kind === 'repeat') visit(node.body);
      if (node.kind === 'group') for (const alt of node.alts) alt.forEach(visit);
    };
    visit(group);
  }

  /** Rule 7, for an alternation outside any repetition (the whole pattern's included). */
  alternation(alts: Node[][]) {
    const apart = alts.every((a, i) => alts.every((b, j) => j <= i || toldApart(a, b)));
    if (apart) return;
    this.ambiguity *= alts.length;
    if (this.ambiguity > 64) throw new Hazard('too many alternatives that can match the same text: exponential time');
  }
}

/**
 * Why running `pattern` (as `new RegExp(pattern)`, no flags) could freeze the page it runs in, in words; null when
 * it passes every rule above. Never throws. A pattern that is not valid JavaScript is the caller's to report.
 */
export function patternHazard(pattern: string): string | null {
  if (typeof pattern !== 'string') return 'not text';
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    const alts = new Parser(pattern).parse();
    const checker = new Checker(pattern);
    if (alts.length > 1) checker.alternation(alts);
    for (const alt of alts) checker.sequence(alt, [], false);
    return null;
  } catch (error) {
    if (error instanceof Hazard) return error.message;
    // A bug here must not let a pattern through, nor break the caller: refuse, saying so.
    return `cannot be checked for slow matching (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** True when `pattern` passes `patternHazard`. */
export const isSafePattern = (pattern: string): boolean => patternHazard(pattern) === null;
