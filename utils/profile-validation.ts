// Field-by-field validation of a vendor profile, for the dashboard's form and again in the background.
// Kept apart from utils/profiles.ts so the content script (which only reads with a saved profile) stays small.
import { parse as parseSelector } from 'css-what';
import * as v from 'valibot';
import { HOST_PATTERN, type ProfileErrors, type VendorProfile } from './profiles';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `at most ${max} characters`));
const names = v.pipe(v.array(text(120)), v.maxLength(50, 'at most 50 names'));

const ProfileSchema = v.object({
  id: v.pipe(v.string(), v.trim(), v.regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '2–40 lowercase letters, digits or dashes')),
  name: v.pipe(text(80), v.minLength(1, 'give the vendor a name')),
  hostPattern: v.pipe(
    v.string(),
    v.trim(),
    v.regex(HOST_PATTERN, 'a match pattern for one host, e.g. https://console.sierra.example/* (no <all_urls>, no bare *)'),
  ),
  conversationIdPattern: v.pipe(text(300), v.minLength(1, 'required: e.g. /conversations/([\\w-]+)')),
  resolvedSelector: text(500),
  resolvedText: text(120),
  messageSelector: v.pipe(text(500), v.minLength(1, 'required: the selector of one message')),
  authorSelector: v.pipe(text(500), v.minLength(1, "required: the selector of a message's author")),
  textSelector: text(500),
  aiAuthorNames: v.pipe(names, v.minLength(1, 'name at least one author that is the AI agent')),
  teammateAuthorNames: names,
  shadowHosts: v.pipe(v.array(text(200)), v.maxLength(20)),
});

/**
 * Validates a profile field by field. `isValidSelector` checks CSS syntax where a DOM exists (the dashboard);
 * the background, which has none, checks everything else.
 */
export function validateProfile(
  input: unknown,
  isValidSelector: (selector: string) => boolean = isValidSelectorSyntax,
): { ok: true; profile: VendorProfile } | { ok: false; errors: ProfileErrors } {
  const errors: ProfileErrors = {};
  const result = v.safeParse(ProfileSchema, input);
  if (!result.success) {
    for (const issue of result.issues) {
      const field = (issue.path?.[0]?.key ?? 'id') as keyof VendorProfile;
      errors[field] ??= issue.message;
    }
  }
  // The checks below run even when other fields failed, so the form shows every problem at once.
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Partial<Record<keyof VendorProfile, unknown>>;
  const str = (field: keyof VendorProfile) => (typeof raw[field] === 'string' ? (raw[field] as string).trim() : '');
  if (!errors.conversationIdPattern && str('conversationIdPattern')) {
    try {
      const pattern = new RegExp(str('conversationIdPattern'));
      // A pattern that can match nothing still reports its groups when or'ed with the empty string.
      if (new RegExp(`${pattern.source}|`).exec('')!.length < 2) {
        errors.conversationIdPattern = 'needs one (group) around the conversation id';
      }
    } catch (error) {
      errors.conversationIdPattern = `not a valid regular expression: ${(error as Error).message}`;
    }
  }
  if (!errors.resolvedSelector && !errors.resolvedText && !str('resolvedSelector') && !str('resolvedText')) {
    errors.resolvedSelector = 'give a selector or a label text that shows the conversation was resolved';
  }
  {
    for (const field of ['resolvedSelector', 'messageSelector', 'authorSelector', 'textSelector'] as const) {
      const selector = str(field);
      if (!errors[field] && selector && !isValidSelector(selector)) errors[field] = `not a valid CSS selector: ${selector}`;
    }
    const hosts = Array.isArray(raw.shadowHosts) ? raw.shadowHosts.filter((h): h is string => typeof h === 'string') : [];
    const badHost = hosts.find((h) => !isValidSelector(h));
    if (!errors.shadowHosts && badHost) errors.shadowHosts = `not a valid CSS selector: ${badHost}`;
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, profile: result.output };
}

/**
 * CSS syntax check without a DOM (the background has none): css-what's parser, plus characters no selector
 * holds. A profile with a broken selector would otherwise throw inside every page it matches.
 */
export function isValidSelectorSyntax(selector: string): boolean {
  if (/[<{};]/.test(selector)) return false;
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
