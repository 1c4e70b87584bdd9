// Field-by-field validation of a vendor profile, for the dashboard's form and again in the background.
// Kept apart from utils/adapters/profiles.ts so the content script (which only reads with a saved profile) stays small.
import { parse as parseSelector } from 'css-what';
import * as v from 'valibot';
import { parseJsonBounded, PROTOTYPE_KEYS } from '../model/json-limits';
import { PROFILE_ID_PATTERN } from '../model/settings';
import { HOST_PATTERN, PROFILE_FIELDS, type ProfileErrors, type VendorProfile } from './profiles';
import { MAX_PATTERN_LENGTH, patternHazard } from './safe-pattern';

/** What a value is, in words, for a message ("found null", "found a list"). */
function found(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
    case 'boolean':
      return `${value}`;
    case 'undefined':
      return 'nothing';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const text = (max: number) =>
  v.pipe(
    v.string((issue) => `must be text (found ${found(issue.input)})`),
    v.trim(),
    v.maxLength(max, `at most ${max} characters`),
  );
const list = (max: number, count: number, what: string) =>
  v.pipe(
    v.array(
      v.pipe(v.string((issue) => `each ${what} must be text (found ${found(issue.input)})`), v.trim(), v.maxLength(max, `each ${what} at most ${max} characters`)),
      (issue) => `must be a list of ${what}s (found ${found(issue.input)})`,
    ),
    v.maxLength(count, `at most ${count} ${what}s`),
  );
const names = list(120, 50, 'name');

const ProfileSchema = v.object({
  id: v.pipe(v.string((issue) => `must be text (found ${found(issue.input)})`), v.trim(), v.regex(PROFILE_ID_PATTERN, '2–40 lowercase letters, digits or dashes')),
  name: v.pipe(text(80), v.minLength(1, 'give the vendor a name')),
  hostPattern: v.pipe(
    v.string((issue) => `must be text (found ${found(issue.input)})`),
    v.trim(),
    v.maxLength(500, 'at most 500 characters'),
    v.regex(HOST_PATTERN, 'a match pattern for one https host, e.g. https://console.sierra.example/* (no http://, <all_urls> or bare *)'),
  ),
  conversationIdPattern: v.pipe(text(MAX_PATTERN_LENGTH), v.minLength(1, 'required: e.g. /conversations/([\\w-]+)')),
  resolvedSelector: text(500),
  resolvedText: text(120),
  messageSelector: v.pipe(text(500), v.minLength(1, 'required: the selector of one message')),
  authorSelector: v.pipe(text(500), v.minLength(1, "required: the selector of a message's author")),
  textSelector: text(500),
  aiAuthorNames: v.pipe(names, v.minLength(1, 'name at least one author that is the AI agent')),
  teammateAuthorNames: names,
  shadowHosts: list(200, 20, 'selector'),
});

const KNOWN_FIELDS: ReadonlySet<string> = new Set(PROFILE_FIELDS);
const LIST_FIELDS: ReadonlySet<string> = new Set(['aiAuthorNames', 'teammateAuthorNames', 'shadowHosts']);
/** Unknown fields named one by one up to this many; the rest counted. */
const MAX_NAMED_UNKNOWN = 5;

/** A field name fit for a message (an unknown key may be anything). */
const shown = (key: string) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);

/** The keys of a plain object that are not profile fields, each with why; [] for anything else. */
function unknownFields(input: unknown): Array<[string, string]> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [];
  const unknown = Object.keys(input).filter((key) => !KNOWN_FIELDS.has(key));
  const named = unknown.slice(0, MAX_NAMED_UNKNOWN).map((key): [string, string] => [
    key,
    PROTOTYPE_KEYS.has(key) ? 'not allowed: a key that reaches an object’s prototype' : `not a profile field (a profile has ${PROFILE_FIELDS.join(', ')})`,
  ]);
  if (unknown.length > MAX_NAMED_UNKNOWN) named.push([`…${unknown.length - MAX_NAMED_UNKNOWN} more`, 'other fields that are not profile fields']);
  return named;
}

/** Sets errors[key] as an own property even when the key is "__proto__". */
function setError(errors: ProfileErrors, key: string, message: string) {
  Object.defineProperty(errors, key, { value: message, enumerable: true, writable: true, configurable: true });
}

/**
 * Validates a profile field by field. `isValidSelector` checks CSS syntax where a DOM exists (the dashboard);
 * the background, which has none, checks everything else. Never throws: anything that is not a profile is
 * refused with the fields it gets wrong, unknown fields by name (the schema is strict).
 */
export function validateProfile(
  input: unknown,
  isValidSelector: (selector: string) => boolean = isValidSelectorSyntax,
): { ok: true; profile: VendorProfile } | { ok: false; errors: ProfileErrors } {
  try {
    return validate(input, isValidSelector);
  } catch (error) {
    // A last guard (a selector checker that throws, say): refused, never an exception in the form or background.
    return { ok: false, errors: { id: `the profile could not be checked: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

function validate(input: unknown, isValidSelector: (selector: string) => boolean): ReturnType<typeof validateProfile> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: { id: `a profile is one object with the fields ${PROFILE_FIELDS.join(', ')} (found ${found(input)})` } };
  }
  const errors: ProfileErrors = {};
  const result = v.safeParse(ProfileSchema, input);
  if (!result.success) {
    for (const issue of result.issues) {
      const key = issue.path?.[0]?.key;
      const field = (typeof key === 'string' && KNOWN_FIELDS.has(key) ? key : 'id') as keyof VendorProfile;
      errors[field] ??= issue.message;
    }
  }
  for (const [key, why] of unknownFields(input)) setError(errors, key, why);
  // The checks below run even when other fields failed, so the form shows every problem at once.
  const raw = input as Partial<Record<keyof VendorProfile, unknown>>;
  const str = (field: keyof VendorProfile) => (typeof raw[field] === 'string' ? (raw[field] as string).trim() : '');
  if (!errors.conversationIdPattern && str('conversationIdPattern')) {
    const problem = idPatternProblem(str('conversationIdPattern'));
    if (problem) errors.conversationIdPattern = problem;
  }
  if (!errors.resolvedSelector && !errors.resolvedText && !str('resolvedSelector') && !str('resolvedText')) {
    errors.resolvedSelector = 'give a selector or a label text that shows the conversation was resolved';
  }
  for (const field of ['resolvedSelector', 'messageSelector', 'authorSelector', 'textSelector'] as const) {
    const selector = str(field);
    if (!errors[field] && selector && !isValidSelector(selector)) errors[field] = `not a valid CSS selector: ${clip(selector)}`;
  }
  if (!errors.shadowHosts && Array.isArray(raw.shadowHosts)) {
    const badHost = raw.shadowHosts.find((h): h is string => typeof h === 'string' && !isValidSelector(h.trim()));
    if (badHost !== undefined) errors.shadowHosts = `not a valid CSS selector: ${clip(badHost)}`;
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, profile: result.output };
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

/**
 * What is wrong with a conversation-id pattern, in words; null when it compiles, has a group for the id, and
 * cannot freeze the tab it runs in (utils/adapters/safe-pattern.ts).
 */
function idPatternProblem(source: string): string | null {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  const hazard = patternHazard(source);
  if (hazard) return `refused, it could freeze the helpdesk tab: ${hazard}`;
  // A pattern that can match nothing still reports its groups when or'ed with the empty string.
  if (new RegExp(`${pattern.source}|`).exec('')!.length < 2) return 'needs one (group) around the conversation id';
  return null;
}

/** The deepest (…) or […] nesting a selector may have: :has(:has(:has(…))) and the like go no further. */
const MAX_SELECTOR_NESTING = 4;

/**
 * CSS syntax check without a DOM (the background has none): css-what's parser, plus characters no selector
 * holds and a bound on nesting. A profile with a broken selector would otherwise throw inside every page it matches.
 */
export function isValidSelectorSyntax(selector: string): boolean {
  if (typeof selector !== 'string' || selector.length > 500) return false;
  if (/[<{};]/.test(selector)) return false;
  let depth = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') {
      if (++depth > MAX_SELECTOR_NESTING) return false;
    } else if (c === ')' || c === ']') depth--;
  }
  try {
    parseSelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** The page's own parser as well (extension pages only): what Chromium accepts is what will run. */
export function isValidSelectorInDom(selector: string): boolean {
  if (!isValidSelectorSyntax(selector)) return false;
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** The most text the JSON view reads: a whole profile at its limits is ~25,000 characters. */
const MAX_PROFILE_JSON_LENGTH = 200_000;

/**
 * The JSON view's text as profile fields, each checked for its type before use (the values themselves are
 * `validateProfile`'s). Refuses, naming every field it cannot take: text that is not JSON or nests too deep, anything
 * but one object, unknown fields (prototype keys among them), text fields that are not text, lists that are not
 * lists of text or hold a line break (the form keeps one entry a line). Fields left out are the caller's to fill.
 * Never throws.
 */
export function readProfileJson(input: string): { ok: true; fields: Partial<VendorProfile> } | { ok: false; error: string } {
  if (typeof input !== 'string') return { ok: false, error: 'JSON: no text' };
  if (input.length > MAX_PROFILE_JSON_LENGTH) return { ok: false, error: `JSON: longer than ${MAX_PROFILE_JSON_LENGTH.toLocaleString('en')} characters, no profile is` };
  let parsed: unknown;
  try {
    parsed = parseJsonBounded(input, 8);
  } catch (error) {
    return { ok: false, error: `JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: `JSON: a profile is one object { "id": …, "name": … } (found ${found(parsed)})` };
  }
  const problems: string[] = unknownFields(parsed).map(([key, why]) => `${shown(key)}: ${why}`);
  const fields: Record<string, string | string[]> = {};
  for (const field of PROFILE_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(parsed, field)) continue;
    const value = (parsed as Record<string, unknown>)[field];
    if (LIST_FIELDS.has(field)) {
      if (!Array.isArray(value)) problems.push(`${field}: must be a list of text, e.g. ["Sierra"] (found ${found(value)})`);
      else {
        const bad = value.findIndex((item) => typeof item !== 'string');
        if (bad >= 0) problems.push(`${field}: entry ${bad + 1} must be text (found ${found(value[bad])})`);
        else if (value.some((item: string) => /[\r\n]/.test(item))) problems.push(`${field}: an entry holds a line break (the form keeps one entry a line)`);
        else fields[field] = [...(value as string[])];
      }
    } else if (typeof value !== 'string') problems.push(`${field}: must be text (found ${found(value)})`);
    else fields[field] = value;
  }
  if (problems.length > 0) return { ok: false, error: `JSON not applied: ${problems.join('; ')}` };
  return { ok: true, fields: fields as Partial<VendorProfile> };
}
