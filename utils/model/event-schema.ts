// The shape of a verdict event and of a deleted event's tombstone, and the checks every event from outside
// passes (an export to merge, a backup to restore): each field, no id twice, hashes and chain links.
import * as v from 'valibot';
import { eventHash, verifyChains, type ChainVerification, type Tombstone } from './chain.mjs';
import { sha256hex } from './hash';
import { CONVERSATION_STATES, FALSE_REASONS, LAST_DATE_MS, RESOLUTION_KINDS, VENDORS, VERDICTS, type VerdictEvent } from './verdict';

const HEX64 = /^[0-9a-f]{64}$/;
const str = (max: number) => v.pipe(v.string(), v.maxLength(max));


export const ImportedEventSchema = v.pipe(
  // Strict: a field Recount never writes is not covered by the hash, so it would ride into the log unchecked.
  v.strictObject({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    convKey: v.string(),
    vendor: v.picklist(VENDORS),
    workspace: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    conversationId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    verdict: v.picklist(VERDICTS),
    reason: v.nullable(v.picklist(FALSE_REASONS)),
    note: str(10_000),
    reviewer: str(120),
    at: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LAST_DATE_MS, 'beyond the last date JavaScript can hold (8.64e15 ms)')),
    claim: v.strictObject({
      state: v.picklist(CONVERSATION_STATES),
      resolution: v.picklist(RESOLUTION_KINDS),
      resolutionLabel: str(200),
      url: str(4000),
    }),
    suggested: v.nullable(v.picklist(VERDICTS)),
    chain: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
    prevHash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
    hash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
  }),
  v.check((e) => e.convKey === `${e.vendor}:${e.workspace}:${e.conversationId}`, 'convKey: does not match vendor, workspace and conversation id'),
  v.check((e) => (e.verdict === 'false') === (e.reason !== null), 'reason: a false verdict needs a reason, others none'),
);

/** What stays of a deleted event (its chain position and hashes), as exports and backups carry it. */
export const TombstoneSchema = v.strictObject({
  chain: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  prevHash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
  hash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
  deletedAt: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LAST_DATE_MS)),
});

const MAX_ERRORS = 50;

/** A chain problem in words: the event by its position in the file, or the deleted event's tombstone. */
export function describeChainProblem(p: ChainVerification['problems'][number]): string {
  if (p.index >= 0) return `event ${p.index + 1} (id ${p.id}, seq ${p.seq}): ${p.problem}`;
  return p.chain ? `deleted event (chain ${p.chain}, seq ${p.seq}): ${p.problem}` : `the list of deleted events: ${p.problem}`;
}

/**
 * For the background: every event well formed, no id twice, every chain link present verifies. Other
 * installations' chains may have gaps (an agent may have sent a filtered export); `wholeChain` — this
 * installation's own, in a backup — must be complete, deleted events accounted for by their tombstones.
 */
export function validateImportedEvents(
  raw: unknown[],
  deleted: readonly Tombstone[] = [],
  wholeChain: string | null = null,
): { events: VerdictEvent[]; errors: string[] } {
  const errors: string[] = [];
  const events = checkEvents(raw, (i) => `event ${i + 1}`, errors);
  if (errors.length === 0 && wholeChain) {
    const own = events.filter((e) => e.chain === wholeChain);
    for (const p of verifyChains(own, sha256hex, { deleted: deleted.filter((t) => t.chain === wholeChain) }).problems.slice(0, MAX_ERRORS)) {
      errors.push(describeChainProblem({ ...p, index: p.index < 0 ? -1 : events.indexOf(own[p.index]) }));
    }
  }
  if (errors.length === 0) {
    for (const p of verifyChains(events, sha256hex, { partial: true, deleted }).problems.slice(0, MAX_ERRORS)) {
      errors.push(describeChainProblem(p));
    }
  }
  return { events, errors };
}

/**
 * The same checks as validateImportedEvents, a slice at a time, so that a merge can check one slice while the
 * database writes the one before (checking 100,000 events is ~1.3 s of hashing and parsing in the worker, ~15%
 * of writing them). `slice` returns the well-formed events, or null at the first problem; `links` checks the
 * chains' links once every slice passed. On a refusal, validateImportedEvents names the problems.
 */
export function sliceChecker(): { slice: (raw: readonly unknown[]) => VerdictEvent[] | null; links: (events: readonly VerdictEvent[]) => boolean } {
  const seen = new Set<string>();
  return {
    slice(raw) {
      const events: VerdictEvent[] = [];
      for (const candidate of raw) {
        const result = v.safeParse(ImportedEventSchema, candidate);
        if (!result.success || seen.has(result.output.id)) return null;
        const event = result.output as VerdictEvent;
        if (eventHash(event, sha256hex) !== event.hash) return null;
        seen.add(event.id);
        events.push(event);
      }
      return events;
    },
    links: (events) => verifyChains(events, sha256hex, { partial: true, hashesChecked: true }).ok,
  };
}

export function checkEvents(raw: unknown[], whereOf: (index: number) => string, errors: string[]): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  const seen = new Set<string>();
  raw.forEach((candidate, index) => {
    if (errors.length >= MAX_ERRORS) return;
    const result = v.safeParse(ImportedEventSchema, candidate);
    if (!result.success) {
      const issue = result.issues[0];
      const path = v.getDotPath(issue);
      errors.push(`${whereOf(index)}: ${path ? `${path}: ` : ''}${issue.message}`);
      return;
    }
    if (seen.has(result.output.id)) {
      errors.push(`${whereOf(index)}: id: ${result.output.id} appears twice in this file`);
      return;
    }
    seen.add(result.output.id);
    events.push(result.output as VerdictEvent);
  });
  return events;
}
