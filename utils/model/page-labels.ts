// What Settings › Page labels may override in the words an adapter reads (the adapters hold the defaults).
import * as v from 'valibot';
import { CONVERSATION_STATES, RESOLUTION_KINDS } from './verdict';

const Words = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120));
/** What Settings › Page labels may override, checked wherever it comes in (the form, a restore). */
export const LabelOverridesSchema = v.strictObject({
  aiAgentNames: v.optional(v.pipe(v.array(Words), v.maxLength(20))),
  resolutionLabel: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120))),
  internalNoteLabel: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120))),
  requesterLabel: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120))),
  statusLabel: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120))),
  stateWords: v.optional(v.pipe(v.record(Words, v.picklist(CONVERSATION_STATES)), v.check((r) => Object.keys(r).length <= 40, 'at most 40 state words'))),
  resolutionWords: v.optional(v.pipe(v.record(Words, v.picklist(RESOLUTION_KINDS)), v.check((r) => Object.keys(r).length <= 40, 'at most 40 outcome words'))),
});
export type LabelOverrides = v.InferOutput<typeof LabelOverridesSchema>;

/** `intercom:*` (every workspace) or `intercom:<workspace>`. */
export const PageLabelsKeySchema = v.pipe(v.string(), v.regex(/^(intercom|zendesk|salesforce):(\*|[A-Za-z0-9._-]{1,100})$/, 'a key is vendor:* or vendor:workspace'));
