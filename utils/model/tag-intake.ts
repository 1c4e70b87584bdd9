// What an agent's tag says (the conversation, the verdict, its reason and note, what the vendor claimed), and the
// tag as a helpdesk tab keeps it in the extension's storage before the background adds it to the log (the tag
// journal, utils/store/tag-journal.ts). One shape for both: the `verdict/record` request carries the same fields.
import * as v from 'valibot';
import { CONVERSATION_STATES, FALSE_REASONS, RESOLUTION_KINDS, VENDORS, VERDICTS } from './verdict';

/** A note longer than this is refused: a tag's note is a sentence or a paragraph, not a pasted transcript. */
const MAX_NOTE = 10_000;

/**
 * `storage.local` keys of the tag journal: this prefix and the event id. A helpdesk tab writes its tag there (the
 * tag as asked, below); the background writes there a tag it planned while a bulk write held the log.
 */
export const TAG_JOURNAL_PREFIX = 'recount.tagJournal.';

export const ConversationKeySchema = v.object({
  vendor: v.picklist(VENDORS),
  workspace: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  conversationId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

export const VendorClaimSchema = v.object({
  state: v.picklist(CONVERSATION_STATES),
  resolution: v.picklist(RESOLUTION_KINDS),
  resolutionLabel: v.pipe(v.string(), v.maxLength(200)),
  url: v.pipe(v.string(), v.maxLength(4000)),
});

/** The fields of a tag as an agent makes it: shared by the request and the journal entry. */
export const TAG_INPUT_ENTRIES = {
  key: ConversationKeySchema,
  verdict: v.picklist(VERDICTS),
  reason: v.nullable(v.picklist(FALSE_REASONS)),
  note: v.pipe(v.string(), v.maxLength(MAX_NOTE)),
  claim: VendorClaimSchema,
  suggested: v.nullable(v.picklist(VERDICTS)),
};

/** A false verdict names its reason; the others have none. */
export const reasonFitsVerdict = (tag: { verdict: string; reason: string | null }) => (tag.verdict === 'false') === (tag.reason !== null);
export const REASON_MISFIT = 'reason: a false verdict needs a reason, others none';

export const TagInputSchema = v.pipe(v.object(TAG_INPUT_ENTRIES), v.check((tag) => reasonFitsVerdict(tag), REASON_MISFIT));
export type TagInput = v.InferOutput<typeof TagInputSchema>;

/**
 * A tag as a helpdesk tab keeps it until the background adds it to the log: its event id (chosen by the tab, so the
 * request that follows and this entry are one tag), the moment it was made, and what it says. Its place in the
 * chain (seq, previous hash, hash) and the reviewer's name are the background's to decide.
 */
export const TagIntakeSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  input: TagInputSchema,
});
export type TagIntake = v.InferOutput<typeof TagIntakeSchema>;

/** A schema's first complaint, with the field it is about: "input.verdict: Invalid type: …". */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

/** A journal entry as stored, checked: the tag it holds, or the field that is wrong (for the warning). */
export function readTagIntake(value: unknown): { intake: TagIntake } | { problem: string } {
  const parsed = v.safeParse(TagIntakeSchema, value);
  return parsed.success ? { intake: parsed.output } : { problem: describeIssue(parsed.issues[0]) };
}
