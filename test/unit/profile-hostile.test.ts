// Hostile vendor profiles: conversation-id patterns that backtrack catastrophically (ReDoS), profile JSON of every
// wrong shape pasted into the form, and selectors an attacker might try. The patterns are the textbook ones (OWASP's
// "Regular expression Denial of Service" page, Davis et al.'s and Kirrage et al.'s examples, the ECMAScript pattern
// grammar's quantifier, alternative, backreference and lookbehind productions), not derived from the checker's code.
import { Worker } from 'node:worker_threads';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { requestMock } = vi.hoisted(() => ({ requestMock: vi.fn() }));
vi.mock('../../utils/transport/protocol', () => ({ request: requestMock }));

import { fromDraftText, ProfilesPanel, toDraftText } from '../../components/dashboard/ProfilesPanel';
import { isValidSelectorInDom, isValidSelectorSyntax, readProfileJson, validateProfile } from '../../utils/adapters/profile-validation';
import { EXAMPLE_PROFILES, MAX_ID_SUBJECT_LENGTH, PROFILE_FIELDS, previewProfile, profileConversationId, readProfilePage, type VendorProfile } from '../../utils/adapters/profiles';
import { isSafePattern, patternHazard } from '../../utils/adapters/safe-pattern';

const sierra: VendorProfile = { ...EXAMPLE_PROFILES.find((p) => p.id === 'sierra')! };
const HOST = 'https://console.sierra.example';
const css = isValidSelectorInDom;

/** Catastrophic or super-linear backtracking, each with a capture group so only its danger can refuse it. */
const HOSTILE_PATTERNS: Array<[string, string]> = [
  // The issue's own examples.
  ['^/c/(a+)+$', 'nested quantifier, anchored'],
  ['(x+x+)+y', 'nested quantifiers over the same character'],
  ['(a|a)*b', 'a repeated alternation of identical branches'],
  ['(a|aa)+$', 'a repeated alternation, one branch a prefix of the other'],
  ['(.*a){12}', 'a greedy any-character in a counted group'],
  // OWASP, "Regular expression Denial of Service – ReDoS": the evil regexes.
  ['(a+)+', 'OWASP (a+)+'],
  ['([a-zA-Z]+)*', 'OWASP ([a-zA-Z]+)*'],
  ['(a|aa)+', 'OWASP (a|aa)+'],
  ['(a|a?)+', 'OWASP (a|a?)+'],
  ['(.*a){11}', 'OWASP (.*a){x} for x > 10'],
  ['(.*a){20}', 'OWASP (.*a){x}, x = 20'],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', 'OWASP, the Java class-name validator'],
  ['^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$', 'OWASP, the e-mail validator'],
  // Nested quantifiers in the other spellings the grammar allows.
  ['(a+?)+?', 'lazy nested quantifiers'],
  ['(?:a*)*(b)', 'star of a star (star height 2)'],
  ['((?:a)+)+', 'a quantified non-capturing group inside a quantified group'],
  ['(a{1,5}){1,5}$', 'bounded nested quantifiers'],
  ['([^/]*)*/x', 'a negated class repeated in a repeated group'],
  ['(\\w+\\s?)+$', 'words and optional spaces, repeated'],
  ['^(\\d+)*$', 'digits repeated in a repeated group'],
  ['/c/([\\w-]+)+$', 'an id class repeated in a repeated group'],
  // Repeated alternations whose branches can match the same text.
  ['(\\w|\\d)+$', 'overlapping classes in a repeated alternation'],
  ['(a|b|ab)+c', 'a branch that is two others in a row'],
  ['(|a)+b', 'an empty branch in a repeated group'],
  ['(a?)*b', 'a repeated group that can match nothing'],
  // Backreferences (matching with them is NP-hard in general).
  ['(a+)\\1', 'a numbered backreference'],
  ['^(\\w+)\\s\\1$', 'the repeated-word backreference'],
  ['(?<id>\\d+)-\\k<id>', 'a named backreference'],
  // Lookbehind with a quantifier (re-run at every position).
  ['(?<=a+)(b)', 'a quantified lookbehind'],
  ['(?<!\\d*)(x)', 'a quantified negative lookbehind'],
  // Polynomial: two repetitions in a row over the same characters, O(n²)…O(n³) per start position.
  ['\\d+\\d+\\d+(x)', 'three digit runs in a row'],
  ['(.*)(.*)=', 'two any-character runs'],
  ['(\\w+)\\.?(\\w+)@', 'words split by an optional dot'],
  ['^(a?){25}a{25}$', 'Thompson’s a?ⁿaⁿ'],
  ['(?:a|a)(?:a|a)(?:a|a)(?:a|a)(?:a|a)(?:a|a)(?:a|a)(b)', 'seven doubled alternations: 2⁷ ways to read one text'],
  // Longer than the form allows (checked again here, not only by the schema's length).
  [`/c/(\\d+)${'(?:x)'.repeat(60)}`, 'over 300 characters'],
];

/** Id patterns a helpdesk's addresses really use. Each must pass, and read the id from its example address. */
const REALISTIC_PATTERNS: Array<[string, string, string]> = [
  ['/conversations/([\\w-]+)', '/conversations/c-1042', 'c-1042'],
  ['/c/(\\d+)', '/c/8812', '8812'],
  ['[?&]id=([A-Za-z0-9_-]+)', '/inbox?view=open&id=Ab_9-x', 'Ab_9-x'],
  ['#/tickets/(\\d+)$', '/app#/tickets/77', '77'],
  ['/inbox/[^/]+/conversation/(\\d+)', '/inbox/team-a/conversation/31337', '31337'],
  ['/session/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', '/session/0f8fad5b-d9cb-469f-a165-70867728950e', '0f8fad5b-d9cb-469f-a165-70867728950e'],
  ['/session/([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})', '/session/0f8fad5b-d9cb-469f-a165-70867728950e', '0f8fad5b-d9cb-469f-a165-70867728950e'],
  ['/conversation/([\\w-]+)', '/conversation/x1', 'x1'],
  ['[?&]conversation_id=([\\w-]+)', '/inbox?conversation_id=77a', '77a'],
  ['/conversations/([A-Za-z0-9_-]+)(?:[/?#]|$)', '/conversations/abc/details', 'abc'],
  ['/tickets/\\d+/v\\d+/([^/?#&]+)', '/tickets/12/v2/zz%20top', 'zz%20top'],
  ['(?:/c/|/conversations/)(\\d+)', '/conversations/5', '5'],
  ['/chats?/(?<id>\\d+)', '/chat/9', '9'],
  ['^/([^/?#&]+)$', '/only-one', 'only-one'],
];

/** The pattern natively, in a worker: true when it has not finished `subject` after `ms` (the worker is then ended). */
function stillRunningAfter(pattern: string, subject: string, ms: number): Promise<boolean> {
  const code = `const { parentPort, workerData } = require('node:worker_threads');
    parentPort.postMessage('started');
    new RegExp(workerData.pattern).exec(workerData.subject);
    parentPort.postMessage('finished');`;
  const worker = new Worker(code, { eval: true, workerData: { pattern, subject } });
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    worker.on('error', reject);
    worker.on('message', (message) => {
      if (message === 'started') {
        timer = setTimeout(() => void worker.terminate().then(() => resolve(true)), ms);
      } else if (message === 'finished') {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve(false));
      }
    });
  });
}

describe('conversation-id patterns that backtrack catastrophically are refused when saving', () => {
  it('the list is long enough to mean something', () => expect(HOSTILE_PATTERNS.length).toBeGreaterThanOrEqual(35));

  it.each(HOSTILE_PATTERNS)('%s (%s): refused on conversationIdPattern, saying why', (pattern) => {
    // Valid JavaScript with a group: refusing it can only be for its danger (or its length).
    expect(() => new RegExp(pattern)).not.toThrow();
    expect(new RegExp(`${pattern}|`).exec('')!.length).toBeGreaterThan(1);
    const result = validateProfile({ ...sierra, conversationIdPattern: pattern }, css);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(['conversationIdPattern']);
    expect(result.errors.conversationIdPattern).toMatch(/exponential|polynomial|quadratic|backreference|longer than 300|at most 300/);
    expect(isSafePattern(pattern)).toBe(false);
  });

  it.each(REALISTIC_PATTERNS)('%s is accepted and reads %s', (pattern, path, id) => {
    expect(patternHazard(pattern)).toBeNull();
    const profile = { ...sierra, conversationIdPattern: pattern };
    expect(validateProfile(profile, css)).toMatchObject({ ok: true });
    expect(profileConversationId(profile, new URL(HOST + path))).toBe(id);
  });

  it('every shipped example passes the check', () => {
    for (const example of EXAMPLE_PROFILES) expect(patternHazard(example.conversationIdPattern)).toBeNull();
  });

  it('syntax the checker cannot read is refused rather than guessed, and it never throws', () => {
    expect(patternHazard('(?i:a)(b)')).toMatch(/cannot check/);
    for (const odd of ['', '[', '(', ')', '\\', 'a{', '{1}', '[]', '[^]', '\\c', '[\\c]', '\\u{61}', '(?<=)', 'a**', '\\0123', '[\\1]', '$^', '\uD83D', 'x'.repeat(301)]) {
      expect(() => patternHazard(odd)).not.toThrow();
    }
    expect(patternHazard(7 as unknown as string)).toBe('not text');
  });
});

describe('a pattern saved without the check never freezes the tab it runs in', () => {
  const hostile = { ...sierra, conversationIdPattern: '^/c/(a+)+$' };
  const longUrl = new URL(`${HOST}/c/${'a'.repeat(1000)}!`);

  it('(control) natively, that pattern does not finish on that address in 250 ms', async () => {
    expect(longUrl.pathname.length).toBeLessThan(MAX_ID_SUBJECT_LENGTH); // the length bound is not what saves it
    expect(await stillRunningAfter(hostile.conversationIdPattern, longUrl.pathname + longUrl.search + longUrl.hash, 250)).toBe(true);
  }, 10_000);

  it('profileConversationId answers in under 50 ms: the pattern is checked again before it runs', () => {
    const start = performance.now();
    expect(profileConversationId(hostile, longUrl)).toBeNull();
    expect(performance.now() - start).toBeLessThan(50);
    // Refused, not merely unmatched: natively it reads an id from a short address, here it reads none.
    expect(new RegExp(hostile.conversationIdPattern).exec('/c/aaa')?.[1]).toBe('aaa');
    expect(profileConversationId(hostile, new URL(`${HOST}/c/aaa`))).toBeNull();
  });

  it.each(HOSTILE_PATTERNS)('%s on a 1,999-character address: no answer takes 50 ms', (pattern) => {
    const profile = { ...sierra, conversationIdPattern: pattern };
    for (const unit of ['a', '1', 'ab', 'a-', 'x', '/a', 'a_', '.']) {
      const url = new URL(`${HOST}/${unit.repeat(1996 / unit.length)}`.slice(0, HOST.length + 1999) + '!');
      const start = performance.now();
      profileConversationId(profile, url);
      expect(performance.now() - start).toBeLessThan(50);
    }
  });

  it('a polynomial pattern saved directly is refused too (natively cubic on 1,999 digits)', () => {
    const profile = { ...sierra, conversationIdPattern: '\\d+\\d+\\d+(x)' };
    const start = performance.now();
    expect(profileConversationId(profile, new URL(`${HOST}/${'1'.repeat(1990)}`))).toBeNull();
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('an address whose path, query and hash pass 2,000 characters is not read, even with a safe pattern', () => {
    const safe = { ...sierra, conversationIdPattern: '/conversations/([\\w-]+)' };
    expect(profileConversationId(safe, new URL(`${HOST}/conversations/c-1?q=${'x'.repeat(1900)}`))).toBe('c-1');
    expect(profileConversationId(safe, new URL(`${HOST}/conversations/c-1?q=${'x'.repeat(2100)}`))).toBeNull();
    expect(profileConversationId(safe, new URL(`${HOST}/conversations/c-1#${'y'.repeat(5000)}`))).toBeNull();
  });

  it('the live preview answers promptly with a hostile profile, and so does reading a page of links', () => {
    document.body.innerHTML = Array.from({ length: 300 }, (_, i) => `<a href="/c/${'a'.repeat(500)}${i}!">x</a>`).join('') + '<div class="transcript"><div class="message">hi</div></div>';
    const start = performance.now();
    expect(previewProfile(hostile, document, longUrl)).toMatchObject({ conversationId: null, state: 'not a conversation URL' });
    expect(readProfilePage(hostile, document, longUrl)).toEqual({ status: 'not-conversation' });
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('a pattern that is not text (a restored backup of any shape) reads nothing and does not throw', () => {
    for (const pattern of [null, 7, ['/c/(\\d+)'], { source: '/c/(\\d+)' }, undefined]) {
      const profile = { ...sierra, conversationIdPattern: pattern } as unknown as VendorProfile;
      expect(profileConversationId(profile, new URL(`${HOST}/c/1`))).toBeNull();
    }
  });
});

// ── profile JSON of every wrong shape ──────────────────────────────────────────────────────────────────────────

/** [label, JSON text, what the refusal must name] */
const HOSTILE_JSON: Array<[string, string, RegExp]> = [
  ['a null author name', '{"aiAuthorNames": [null]}', /aiAuthorNames/],
  ['author names null', '{"aiAuthorNames": null}', /aiAuthorNames/],
  ['teammates a number', '{"teammateAuthorNames": 3}', /teammateAuthorNames/],
  ['shadow hosts an object', '{"shadowHosts": {"a": 1}}', /shadowHosts/],
  ['a number for the name', '{"name": 7}', /name: must be text/],
  ['true for the id', '{"id": true}', /id: must be text/],
  ['an object for a selector', '{"messageSelector": {"toString": "x"}}', /messageSelector/],
  ['nested arrays', '{"teammateAuthorNames": [["Ana"]]}', /teammateAuthorNames/],
  ['a list for the pattern', '{"conversationIdPattern": ["/c/(\\\\d+)"]}', /conversationIdPattern/],
  ['a name with a line break', '{"aiAuthorNames": ["Sierra\\nAgent"]}', /aiAuthorNames.*line break/],
  ['an unknown field', '{"colour": "red"}', /"colour": not a profile field/],
  ['several unknown fields', '{"a": 1, "b": 2, "name": "x"}', /"a".*"b"/],
  ['a __proto__ key', '{"__proto__": {"polluted": true}}', /"__proto__": not allowed/],
  ['a constructor key', '{"constructor": {"prototype": {"polluted": true}}}', /"constructor"/],
  ['a prototype key', '{"prototype": 1}', /"prototype"/],
  ['two fields wrong at once', '{"name": null, "shadowHosts": "#app"}', /name.*shadowHosts/],
  ['a top-level array', '[{"id": "sierra"}]', /one object.*a list/],
  ['a top-level string', '"sierra"', /one object.*text/],
  ['a top-level null', 'null', /one object.*null/],
  ['a top-level number', '42', /one object/],
  ['not JSON', '{"name": ', /^JSON: /],
  ['100,000 deep arrays', '['.repeat(100_000) + ']'.repeat(100_000), /nests deeper/],
  ['100,000 deep objects', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), /longer than|nests deeper/],
  ['30,000 deep objects', '{"a":'.repeat(30_000) + '1' + '}'.repeat(30_000), /nests deeper than 8 levels/],
  ['nested one level too many', '{"aiAuthorNames": [[[[[[[[["x"]]]]]]]]]}', /nests deeper|aiAuthorNames/],
  ['far too long', JSON.stringify({ name: 'n'.repeat(300_000) }), /longer than/],
];

describe('readProfileJson checks every field before use, and names it', () => {
  it.each(HOSTILE_JSON)('%s: refused, naming it', (_label, text, names) => {
    const read = readProfileJson(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(names);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a whole profile, and a partial one (the form fills the rest)', () => {
    expect(readProfileJson(JSON.stringify(sierra))).toEqual({ ok: true, fields: sierra });
    expect(readProfileJson('{"name": "Ada"}')).toEqual({ ok: true, fields: { name: 'Ada' } });
  });

  it('never throws on random text or random JSON', () => {
    const random = seeded(11);
    for (let i = 0; i < 2000; i++) {
      const text = i % 2 ? JSON.stringify(randomJson(random, 4)) ?? 'null' : randomText(random);
      expect(() => readProfileJson(text)).not.toThrow();
    }
    expect(() => readProfileJson(undefined as unknown as string)).not.toThrow();
  });
});

describe('toDraftText and fromDraftText take any shape', () => {
  it('round-trip a profile', () => expect(fromDraftText(toDraftText(sierra))).toEqual(sierra));

  it('never throw, and always give every field as text (draft) or the right type (profile)', () => {
    const random = seeded(5);
    const shapes: unknown[] = [null, undefined, 0, 'x', [], [1, 2], {}, { aiAuthorNames: [null, 7, 'A'] }, { shadowHosts: { a: 1 } }, { name: 7 }, JSON.parse('{"__proto__": {"x": 1}}')];
    for (let i = 0; i < 500; i++) shapes.push(randomJson(random, 3), { ...sierra, ...(randomJson(random, 2) as object) });
    for (const shape of shapes) {
      const draft = toDraftText(shape);
      for (const field of PROFILE_FIELDS) expect(typeof draft[field]).toBe('string');
      const profile = fromDraftText(shape);
      for (const field of PROFILE_FIELDS) {
        if (['aiAuthorNames', 'teammateAuthorNames', 'shadowHosts'].includes(field)) expect(Array.isArray(profile[field])).toBe(true);
        else expect(typeof profile[field]).toBe('string');
      }
      expect(() => validateProfile(fromDraftText(draft), css)).not.toThrow();
    }
  });
});

// ── validateProfile never throws ──────────────────────────────────────────────────────────────────────────────

function seeded(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

function randomJson(random: (n: number) => number, depth: number): unknown {
  const leaves = [null, true, false, 0, -1, 1.5, 1e308, '', ' ', 'x', '<script>', '(a+)+', '/c/(\\d+)', 'a'.repeat(600), '__proto__'];
  const kind = depth <= 0 ? 0 : random(4);
  if (kind === 0 || kind === 1) return leaves[random(leaves.length)];
  if (kind === 2) return Array.from({ length: random(4) }, () => randomJson(random, depth - 1));
  const keys = [...PROFILE_FIELDS, '__proto__', 'constructor', 'extra', 'toString', 'access'];
  const object: Record<string, unknown> = {};
  for (let i = random(5); i > 0; i--) Object.defineProperty(object, keys[random(keys.length)], { value: randomJson(random, depth - 1), enumerable: true, writable: true, configurable: true });
  return object;
}

function randomText(random: (n: number) => number): string {
  const pieces = ['{', '}', '[', ']', '"', ':', ',', 'null', '"name"', '"aiAuthorNames"', '7', '\\', ' ', '"__proto__"', '{"a":'];
  return Array.from({ length: random(40) }, () => pieces[random(pieces.length)]).join('');
}

const WRONG_VALUES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  '',
  '   ',
  'x'.repeat(100_000),
  [],
  [null],
  [[]],
  [{}],
  ['x'.repeat(1000)],
  Array.from({ length: 10_000 }, () => 'a'),
  {},
  { a: 1 },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  new Date(0),
  new Map([['a', 1]]),
  new Set(['a']),
  /(a+)+/,
  10n,
  new Uint8Array(4),
  new ArrayBuffer(8),
  new Error('boom'),
];

describe('validateProfile never throws, whatever it is given', () => {
  it.each(WRONG_VALUES.map((value, i) => [i, value]))('every field set to wrong value #%i: refused, naming the field', (_i, value) => {
    for (const field of PROFILE_FIELDS) {
      const input = { ...sierra, [field]: value };
      let result: ReturnType<typeof validateProfile> | undefined;
      expect(() => (result = validateProfile(input, css))).not.toThrow();
      // Blank text and an empty list are harmless for a field that is optional; nothing else passes.
      if (result!.ok) {
        expect(value === '' || value === '   ' || (Array.isArray(value) && value.length === 0)).toBe(true);
        continue;
      }
      expect(Object.keys(result!.errors)).toContain(field);
    }
  });

  it.each(WRONG_VALUES.map((value, i) => [i, value]))('the whole profile is wrong value #%i: refused, no throw', (_i, value) => {
    const result = validateProfile(value, css);
    expect(result.ok).toBe(false);
    if (!result.ok) for (const message of Object.values(result.errors)) expect(message).toMatch(/\w{3,}/);
  });

  it('unknown fields are refused by name; a __proto__ key pollutes nothing', () => {
    const result = validateProfile({ ...sierra, colour: 'red', access: true }, css);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toMatchObject({ colour: expect.stringMatching(/not a profile field/), access: expect.stringMatching(/not a profile field/) });
    const proto = validateProfile(JSON.parse(JSON.stringify(sierra).replace('{', '{"__proto__": {"polluted": 1},')), css);
    expect(proto.ok).toBe(false);
    if (!proto.ok) expect(Object.entries(proto.errors)).toEqual([['__proto__', expect.stringMatching(/prototype/)]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a cyclic value, a null-prototype object and a selector checker that throws: refused, no throw', () => {
    const cyclic: Record<string, unknown> = { ...sierra };
    cyclic.self = cyclic;
    expect(validateProfile(cyclic, css).ok).toBe(false);
    expect(validateProfile(Object.assign(Object.create(null), sierra), css).ok).toBe(true);
    expect(validateProfile(sierra, () => { throw new Error('no DOM'); })).toMatchObject({ ok: false });
  });

  it('2,000 random JSON-shaped inputs and mutations of a good profile: never a throw', () => {
    const random = seeded(42);
    for (let i = 0; i < 2000; i++) {
      const input = i % 2 ? randomJson(random, 4) : { ...sierra, ...(randomJson(random, 3) as object) };
      let result: ReturnType<typeof validateProfile> | undefined;
      expect(() => (result = validateProfile(input, css))).not.toThrow();
      if (!result!.ok) expect(Object.keys(result!.errors).length).toBeGreaterThan(0);
      // Structured clone is how the profile reaches the background: its copy is judged the same.
      expect(validateProfile(structuredClone(input), css).ok).toBe(result!.ok);
    }
  });
});

// ── selectors ──────────────────────────────────────────────────────────────────────────────────────────────────

describe('selectors an attacker might try', () => {
  const nested = (depth: number) => `${':has('.repeat(depth)}a${')'.repeat(depth)}`;

  it.each([
    ['<script>', 'markup, not a selector'],
    ['script{}', 'a rule body'],
    ['a;b', 'a statement separator'],
    ['\\', 'a lone escape'],
    ['.a\\', 'a trailing escape'],
    ['[x="\\"]', 'an escaped quote that never closes'],
    [nested(5), ':has nested five deep'],
    [nested(200), ':has nested 200 deep'],
    ['.a'.repeat(300), 'longer than 500 characters'],
    ['a '.repeat(10_000), 'extremely long'],
    [':is(', 'an unclosed pseudo-class'],
  ])('%j (%s) is refused for every selector field', (selector) => {
    expect(isValidSelectorSyntax(selector)).toBe(false);
    expect(isValidSelectorInDom(selector)).toBe(false);
    for (const field of ['messageSelector', 'authorSelector', 'textSelector', 'resolvedSelector'] as const) {
      const result = validateProfile({ ...sierra, [field]: selector }, css);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[field]).toMatch(/CSS selector|at most 500/);
    }
    const hosts = validateProfile({ ...sierra, shadowHosts: [selector] }, css);
    expect(hosts.ok).toBe(false);
    if (!hosts.ok) expect(hosts.errors.shadowHosts).toMatch(/CSS selector|at most 200/);
  });

  it.each([
    ['*', 'the universal selector: valid, reads the page as one message'],
    [nested(2), ':has nested twice (within the bound)'],
    ['\\3c script\\3e', 'an escaped <script>: a type selector for an element no page has'],
    ['a\\:b', 'an escaped colon'],
    ['.message:not(.hidden) > .body', 'an ordinary selector'],
  ])('%j (%s) is judged without throwing, the same by syntax and by validateProfile', (selector) => {
    const bySyntax = isValidSelectorSyntax(selector);
    expect(bySyntax).toBe(true);
    const result = validateProfile({ ...sierra, messageSelector: selector }, isValidSelectorSyntax);
    expect(result.ok).toBe(true);
    expect(() => isValidSelectorInDom(selector)).not.toThrow();
  });

  it('a profile whose messages are "*" reads a page without throwing', () => {
    document.body.innerHTML = '<main><p class="message-author">Sierra</p><script>window.x = 1</script></main>';
    const profile = { ...sierra, messageSelector: '*', authorSelector: '*', shadowHosts: ['*'] };
    expect(() => readProfilePage(profile, document, new URL(`${HOST}/conversations/c-1`))).not.toThrow();
  });
});

// ── the form: hostile JSON pasted into the JSON view ───────────────────────────────────────────────────────────

describe('the profile form with hostile JSON', () => {
  beforeEach(() => {
    requestMock.mockReset();
    requestMock.mockImplementation(async (message: { type: string }) => {
      if (message.type === 'profile/list') return { profiles: [] };
      throw new Error(`unexpected request ${message.type}`);
    });
  });
  afterEach(cleanup);

  /** The panel with the Sierra example open in the JSON view; returns the JSON text area. */
  async function openSierraJson() {
    render(h(ProfilesPanel, {}));
    await waitFor(() => expect(requestMock).toHaveBeenCalledWith({ type: 'profile/list' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Start from an example' }), { target: { value: 'sierra' } });
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    return screen.getByRole('textbox', { name: /Profile as JSON/ }) as HTMLTextAreaElement;
  }

  /** Back to the form: the fields as they are now. */
  function formValues(): Record<string, string> {
    fireEvent.click(screen.getByRole('button', { name: 'Form' }));
    const form = screen.getByRole('form', { name: 'Vendor profile' });
    return Object.fromEntries(PROFILE_FIELDS.map((field) => [field, (form.querySelector(`[name="${field}"]`) as HTMLInputElement).value]));
  }

  it('the example opens as JSON, and a good edit applies', async () => {
    const json = await openSierraJson();
    expect(JSON.parse(json.value)).toEqual(sierra);
    fireEvent.input(json, { target: { value: JSON.stringify({ ...sierra, name: 'Sierra (trial)' }) } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(formValues().name).toBe('Sierra (trial)');
  });

  it.each(HOSTILE_JSON)('%s: a message naming it, the draft untouched', async (_label, text, names) => {
    await openSierraJson();
    const before = formValues();
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    fireEvent.input(screen.getByRole('textbox', { name: /Profile as JSON/ }), { target: { value: text } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(names);
    expect(formValues()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a hostile pattern of the right type reaches the draft, and the form refuses it on conversationIdPattern', async () => {
    const json = await openSierraJson();
    fireEvent.input(json, { target: { value: JSON.stringify({ ...sierra, conversationIdPattern: '^/c/(a+)+$' }) } });
    expect(screen.queryByRole('alert')).toBeNull();
    const label = json.closest('label')!;
    expect(label.textContent).toMatch(/conversationIdPattern: refused, it could freeze the helpdesk tab: nested repetition .* exponential time/);
    fireEvent.click(screen.getByRole('button', { name: 'Form' }));
    expect(document.getElementById('profile-conversationIdPattern-error')!.textContent).toMatch(/exponential time/);
    fireEvent.click(screen.getByRole('button', { name: 'Preview on the open tab' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Preview' }).textContent).toBe('Fix the fields marked below first.'));
    expect(requestMock).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'profile/preview' }));
  });
});

describe('a saved profile that today refuses', () => {
  afterEach(cleanup);
  it('is flagged in the list as not in use until edited, naming the field', async () => {
    requestMock.mockReset();
    // Saved before patterns were checked (or restored from such a backup): its pattern nests repetition.
    requestMock.mockImplementation(async (message: { type: string }) => {
      if (message.type === 'profile/list') return { profiles: [{ ...sierra, conversationIdPattern: '^/c/(a+)+$', access: true }, { ...sierra, id: 'fine', access: true }] };
      throw new Error(`unexpected request ${message.type}`);
    });
    render(h(ProfilesPanel, {}));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].textContent).toMatch(/^Not in use until edited: .*refused, it could freeze the helpdesk tab/);
    expect(alerts[0].closest('tr')?.getAttribute('data-profile-id')).toBe('sierra');
  });
});
