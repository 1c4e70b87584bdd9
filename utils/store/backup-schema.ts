// What a restore accepts, table by table and field by field. A restore replaces the whole database, so every row
// is held to what Recount itself writes: strict schemas (a field Recount never writes is refused by name), the
// keys unique, and the tables agreeing with each other (a conversation's verdict is an event of the log, a
// billed list counts its items, a tombstone's chain position is not an event's). The dashboard runs these checks
// before it sends a backup (with progress), and the background runs them again before it writes: any extension
// page can send a restore. Messages name the table, the row and the field.
// Long because a restore checks every table (one schema each) and the tables against each other; the rules are
// read together.
import * as v from 'valibot';
import { verifyChains, type Tombstone } from '../model/chain.mjs';
import { BACKUP_TABLES, healthId } from './db';
import { BilledItemSchema, DoubleReviewSchema, type BilledList, type ConversationRecord, type HealthRecord, type SpotCheckPlan } from '../model/records';
import type { BilledItem } from '../model/records';
import { BarDockMapSchema, ProfileTermsMapSchema, ProfileTermsSchema, type ContractSettings, type ProfileTerms, type Settings } from '../model/settings';
import { sha256hex } from '../model/hash';
import { ImportedEventSchema, sliceChecker, TombstoneSchema, validateImportedEvents } from '../model/event-schema';
import { LAST_DATE_MS } from '../model/verdict';
import { AUTHOR_KINDS } from '../model/transcript';
import { LabelOverridesSchema, PageLabelsKeySchema } from '../model/page-labels';
import { validateProfile } from '../adapters/profile-validation';
import { PROFILE_FIELDS } from '../adapters/profiles';
import { OwnDefinitionSchema, PRICING_MODELS } from '../model/contracts';
import { PROTOTYPE_KEYS, MAX_JSON_DEPTH } from '../model/json-limits';
import { compareEvents, CONVERSATION_STATES, FALSE_REASONS, RESOLUTION_KINDS, VENDORS, VERDICTS, type VerdictEvent } from '../model/verdict';

/** Every refusal starts so: nothing was written. */
export const NOT_RESTORED = 'Not restored, nothing changed';

/**
 * A pseudo-table the dashboard adds to what it sends (the schema version the backup was made by), so that the
 * background, which receives tables only, can refuse a backup from a newer Recount too. Never written.
 */
export const BACKUP_META_TABLE = '$backup';

/** Problems named in one refusal (more would drown the first). */
const SHOWN_PROBLEMS = 5;
/** Problems collected before the checks stop looking. */
const MAX_PROBLEMS = 50;

export type BackupPhase = 'reading' | 'checking';
/** `share` of the phase done, 0 to 1. */
export type BackupProgress = (share: number, phase: BackupPhase) => void;

/**
 * Reports progress at most every ~100 ms of work and lets the page paint meanwhile (a macrotask between
 * slices). `force` reports now (a phase's start or end).
 */
export function progressPacer(onProgress: BackupProgress | undefined, everyMs = 100): (share: number, phase: BackupPhase, force?: boolean) => Promise<void> {
  let last = -Infinity;
  return async (share, phase, force = false) => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - last < everyMs) return;
    last = now;
    onProgress(Math.min(1, Math.max(0, share)), phase);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
}

/** The refusal of a backup made by a newer Recount (its tables may hold what this one cannot read). */
export function versionProblem(databaseVersion: unknown, runningVersion: number): string | null {
  if (typeof databaseVersion !== 'number' || !Number.isInteger(databaseVersion) || databaseVersion < 1) {
    return `the backup's database version is ${JSON.stringify(databaseVersion) ?? 'missing'}, not a version Recount writes`;
  }
  if (databaseVersion > runningVersion) {
    return `the backup was made by a newer Recount (database version ${databaseVersion}; this one is ${runningVersion}): update Recount, then restore it`;
  }
  return null;
}

// ——— Field types ———

/** The range of a JavaScript Date, in ms. */
const MAX_INSTANT = LAST_DATE_MS;

const text = (max: number, min = 0) =>
  v.pipe(v.string(), v.minLength(min, min === 1 ? 'expected a non-empty text' : `expected at least ${min} characters`), v.maxLength(max, `expected at most ${max} characters`));
const whole = (min: number, max: number) =>
  v.pipe(v.number(), v.integer('expected a whole number'), v.minValue(min, `expected at least ${min}`), v.maxValue(max, `expected at most ${max}`));
const between = (min: number, max: number) => v.pipe(v.number(), v.minValue(min, `expected at least ${min}`), v.maxValue(max, `expected at most ${max}`));
/** A time Recount took (Date.now()): whole ms since the epoch. */
const Time = whole(0, MAX_INSTANT);
/** A time from a vendor's file: whole ms, any date JavaScript can hold. */
const AnyTime = whole(-MAX_INSTANT, MAX_INSTANT);
const Count = whole(0, 1e9);
const Price = between(0, 10_000);
const Vendor = v.picklist(VENDORS);

/** Arrays are objects to valibot: an object schema must not take one (all-optional schemas would). */
function strict<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.unknown(),
    v.check((x) => !Array.isArray(x), 'expected an object, found an array'),
    v.strictObject(entries),
  );
}

// ——— Rows, table by table ———

const ClaimSchema = strict({
  state: v.picklist(CONVERSATION_STATES),
  resolution: v.picklist(RESOLUTION_KINDS),
  resolutionLabel: text(200),
  url: text(4000),
});

/** An event as the backup holds it: the import's checks, and no field the import would drop. */
const EventFieldsSchema = strict({ ...ImportedEventSchema.pipe[0].entries, claim: ClaimSchema });
const EventRowSchema = v.pipe(
  EventFieldsSchema,
  // The import's own checks (convKey against its parts, a reason for a false verdict alone), on the same fields.
  ...(ImportedEventSchema.pipe.slice(1) as unknown as [v.CheckAction<any, string>, v.CheckAction<any, string>]),
);

const TranscriptMessageSchema = strict({
  author: v.picklist(AUTHOR_KINDS),
  authorName: text(500),
  // A time as the page showed it (Date.parse): any instant a Date can hold.
  at: v.nullable(between(-MAX_INSTANT, MAX_INSTANT)),
  text: text(1_000_000),
});

const ConversationRowSchema = v.pipe(
  strict({
    convKey: text(500, 1),
    vendor: Vendor,
    workspace: text(200, 1),
    conversationId: text(200, 1),
    agentName: text(200),
    claim: ClaimSchema,
    messageCounts: strict({ customer: Count, ai_agent: Count, teammate: Count, note: Count }),
    billingNote: v.nullable(text(500)),
    billing: v.nullable(strict({ windows: v.optional(Count), reopenedWindows: v.optional(Count), actions: v.optional(Count) })),
    firstSeenAt: Time,
    lastSeenAt: Time,
    suggestion: v.nullable(
      strict({
        verdict: v.picklist(VERDICTS),
        reason: v.nullable(v.picklist(FALSE_REASONS)),
        because: v.pipe(v.array(text(500)), v.maxLength(1000, 'expected at most 1000 reasons')),
        unverified: v.boolean(),
      }),
    ),
    // Empty for a row no read ever wrote (made from merged events by an earlier version).
    transcriptDigest: v.pipe(v.string(), v.regex(/^([0-9a-f]{64})?$/, 'expected 64 hex digits (or empty)')),
    transcript: v.nullable(v.pipe(v.array(TranscriptMessageSchema), v.maxLength(5000, 'expected at most 5000 messages'))),
    // Compared with the log's own event below.
    current: v.unknown(),
  }),
  v.forward(
    v.check((c) => c.convKey === `${c.vendor}:${c.workspace}:${c.conversationId}`, 'does not match vendor, workspace and conversation id'),
    ['convKey'],
  ),
);

const ContractSchema = strict({
  pricingModel: v.optional(v.picklist(PRICING_MODELS)),
  billableClaims: v.optional(v.pipe(v.array(v.picklist(RESOLUTION_KINDS)), v.maxLength(20, 'expected at most 20 claims'))),
  recontactDays: v.optional(whole(0, 365)),
  tolerableFalseRate: v.optional(between(0, 1)),
  comparisonPrices: v.optional(strict({ per_resolution: v.optional(Price), per_conversation_window: v.optional(Price), per_action: v.optional(Price) })),
  ownDefinition: v.optional(v.nullable(OwnDefinitionSchema)),
});
const perVendor = <S extends v.GenericSchema>(schema: S) =>
  strict({ intercom: v.optional(schema), zendesk: v.optional(schema), salesforce: v.optional(schema), custom: v.optional(schema) });

/**
 * The Settings value (utils/model/settings.ts). Every field may be absent: a row written before a field existed lacks
 * it, and getSettings fills it from the defaults. Present, it must be what the settings form writes.
 */
export const SettingsValueSchema = strict({
  reviewerName: v.optional(text(120)),
  keepTranscripts: v.optional(v.boolean()),
  humanCost: v.optional(v.nullable(strict({ amount: Price, source: text(200) }))),
  barDock: v.optional(BarDockMapSchema),
  unitPrices: v.optional(perVendor(Price)),
  contracts: v.optional(perVendor(ContractSchema)),
  profileTerms: v.optional(ProfileTermsMapSchema),
  pageLabels: v.optional(
    v.pipe(
      v.record(PageLabelsKeySchema, LabelOverridesSchema),
      v.check((r) => Object.keys(r).length <= 50, 'expected at most 50 page-label sets'),
    ),
  ),
});

/** The rows of the settings table: the settings, and this installation's chain id. Nothing else. */
const SettingsRowSchema = v.variant(
  'key',
  [
    v.strictObject({ key: v.literal('settings'), value: SettingsValueSchema }),
    v.strictObject({ key: v.literal('install'), value: strict({ chainId: text(100, 1) }) }),
  ],
  (issue) => `expected "settings" or "install" (the only settings rows Recount writes), found ${issue.received}`,
);

const HealthRowSchema = v.pipe(
  strict({
    id: text(1000, 1),
    vendor: Vendor,
    adapter: text(100),
    urlPattern: text(500),
    missing: v.pipe(v.array(text(200)), v.maxLength(20, 'expected at most 20 markers')),
    failures: Count,
    lastFailureAt: v.nullable(Time),
    lastWorkingAt: v.nullable(Time),
    outline: v.optional(text(1_000_000)),
    lookedFor: v.optional(text(500)),
  }),
  v.forward(v.check((h) => h.id === healthId(h.vendor, h.adapter, h.urlPattern), 'is not vendor|adapter|urlPattern'), ['id']),
);

/** A deleted event's chain position and hashes: the schema exports use for them. */
const TombstoneRowSchema = TombstoneSchema;

const BilledListRowSchema = strict({
  id: text(100, 1),
  name: text(120, 1),
  vendor: Vendor,
  workspace: text(200),
  format: text(40),
  importedAt: Time,
  items: whole(0, 2_000_000),
  units: between(0, 2e12),
  skipped: whole(0, 1e9),
});

/**
 * A billed line: it bills something (the importers set 0-unit lines aside), at most what the background accepts
 * in one line of a billed/import.
 */
const BilledItemRowSchema = strict({
  ...BilledItemSchema.entries,
  listId: text(100, 1),
  pk: whole(1, Number.MAX_SAFE_INTEGER),
});

const SpotCheckRowSchema = strict({
  id: text(100, 1),
  name: text(120, 1),
  createdAt: Time,
  vendor: Vendor,
  workspace: text(200),
  source: v.variant('kind', [v.strictObject({ kind: v.literal('billed-list'), listId: text(100), listName: text(200) }), v.strictObject({ kind: v.literal('seen') })]),
  seed: text(200, 1),
  algorithm: text(2000),
  margin: between(0.001, 0.5),
  expectedRate: between(0, 1),
  strata: v.pipe(
    v.array(strict({ stratum: text(200), population: v.array(text(500)), sample: v.array(text(500)) })),
    v.maxLength(1000, 'expected at most 1000 strata'),
  ),
  populationUnits: v.optional(between(0, 1e9)),
  doubleReview: v.optional(DoubleReviewSchema),
});

// The schemas follow the row types field for field (a field added to a type and not here fails to compile).
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Out<S extends v.GenericSchema> = v.InferOutput<S>;
const rowTypesMatch: [
  SameKeys<Out<typeof SettingsValueSchema>, Settings>,
  SameKeys<NonNullable<Out<typeof ContractSchema>>, ContractSettings>,
  SameKeys<Out<typeof ProfileTermsSchema>, ProfileTerms>,
  SameKeys<Out<typeof ConversationRowSchema>, ConversationRecord>,
  SameKeys<Out<typeof HealthRowSchema>, HealthRecord>,
  SameKeys<Out<typeof BilledListRowSchema>, BilledList>,
  SameKeys<Out<typeof BilledItemRowSchema>, BilledItem & { pk: number; listId: string }>,
  SameKeys<Out<typeof SpotCheckRowSchema>, SpotCheckPlan>,
  SameKeys<Out<typeof TombstoneRowSchema>, Tombstone>,
  SameKeys<Out<typeof EventFieldsSchema>, VerdictEvent>,
] = [true, true, true, true, true, true, true, true, true, true];
void rowTypesMatch;

type TableName = (typeof BACKUP_TABLES)[number];

/** Each table's primary key as shown in messages and compared for uniqueness. */
const PRIMARY_KEY: Record<TableName, (row: Record<string, unknown>) => unknown> = {
  events: (r) => r.id,
  conversations: (r) => r.convKey,
  settings: (r) => r.key,
  profiles: (r) => r.id,
  health: (r) => r.id,
  tombstones: (r) => [r.chain, r.seq],
  billedLists: (r) => r.id,
  billedItems: (r) => r.pk,
  spotChecks: (r) => r.id,
};

const ROW_SCHEMAS: Record<Exclude<TableName, 'profiles'>, v.GenericSchema> = {
  events: EventRowSchema,
  conversations: ConversationRowSchema,
  settings: SettingsRowSchema,
  health: HealthRowSchema,
  tombstones: TombstoneRowSchema,
  billedLists: BilledListRowSchema,
  billedItems: BilledItemRowSchema,
  spotChecks: SpotCheckRowSchema,
};

// ——— Messages ———

const ARTICLES: Record<string, string> = { Array: 'an array', Object: 'an object', number: 'a number', string: 'a text', boolean: 'true or false', null: 'null' };

/** What an issue expected, in words: `a number`, `one of "a", "b"`, `a whole number`. */
function expectedText(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'integer' || issue.type === 'safe_integer') return 'a whole number';
  if (issue.type === 'finite') return 'a finite number';
  if (!issue.expected) return 'another value';
  const options = /^\((.*)\)$/.exec(issue.expected)?.[1];
  if (options?.includes(' | ')) return `one of ${options.split(' | ').join(', ')}`;
  return ARTICLES[issue.expected] ?? issue.expected;
}

/** One valibot issue as "path: what was expected, what was found". */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  const at = path ? `${path}: ` : '';
  if (issue.kind === 'schema' && issue.expected === 'never') return `${at}a field Recount never writes`;
  if (issue.kind === 'schema' && issue.received === 'undefined' && issue.path?.at(-1)?.origin === 'key') return `${at}missing`;
  const found = issue.received && issue.received !== 'unknown' ? `, found ${issue.received.length > 80 ? `${issue.received.slice(0, 77)}…` : issue.received}` : '';
  if (issue.message.startsWith('Invalid ')) return `${at}expected ${expectedText(issue)}${found}`;
  // A check of a whole object (e.g. convKey against its parts) says what is wrong; "found Object" would not help.
  const foundValue = issue.message.includes(', found ') || issue.received === 'Object' || issue.type === 'check' ? '' : found;
  return `${at}${issue.message}${foundValue}`;
}

/** A row as messages name it: table, position, and key where it has a readable one. */
export function rowName(table: string, index: number, row: unknown): string {
  const known = Object.prototype.hasOwnProperty.call(PRIMARY_KEY, table);
  const key = row && typeof row === 'object' && known ? PRIMARY_KEY[table as TableName](row as Record<string, unknown>) : undefined;
  const shown = keyText(key);
  return `${table} row ${index + 1}${shown ? ` (${shown})` : ''}`;
}

function keyText(key: unknown): string | null {
  if (typeof key === 'string') return JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}…` : key);
  if (typeof key === 'number' && Number.isFinite(key)) return String(key);
  if (Array.isArray(key) && key.every((k) => typeof k === 'string' || typeof k === 'number')) return keyText(key[0]) && keyText(key[1]) ? `${keyText(key[0])}, ${keyText(key[1])}` : null;
  return null;
}

// ——— The walk every row gets first ———

const isPlain = (x: unknown): x is Record<string, unknown> => {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/**
 * Refuses, naming the path, what no schema below should have to think about: a key that reaches a prototype
 * (`__proto__`, `constructor`, `prototype`), a value JSON cannot hold (a Date, a Map, a function — a page can
 * send those by structured clone), nesting deeper than any Recount row. Iterative: never a stack overflow.
 */
function shapeProblem(row: unknown): string | null {
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: row, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return `${path || '(the row)'}: a ${typeof value}, which no backup holds`;
      continue;
    }
    if (seen.has(value)) continue;
    seen.add(value);
    if (depth >= MAX_JSON_DEPTH) return `${path || '(the row)'}: nests deeper than ${MAX_JSON_DEPTH} levels (no Recount row does)`;
    const array = Array.isArray(value);
    if (!array && !isPlain(value)) return `${path || '(the row)'}: a ${Object.prototype.toString.call(value).slice(8, -1)}, which no backup holds`;
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'symbol') return `${path || '(the row)'}: a symbol key, which no backup holds`;
      if (array && key === 'length') continue;
      const child = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return `${child}: a key that reaches the prototype of every object (refused)`;
      stack.push({ value: (value as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return null;
}

// ——— Whole backup ———

interface CheckOptions {
  /** The schema version of the database being restored into (db.verno). */
  runningVersion: number;
  /** The schema version the backup says it was made by, when known. */
  databaseVersion?: number;
  /**
   * The events' checks (field by field, chain by chain: validateImportedEvents' messages); by default they run a
   * slice at a time, with progress.
   */
  checkEvents?: (rows: unknown[], tombstones: Tombstone[], ownChain: string | null) => string[];
  onProgress?: BackupProgress;
}

/** Throws `Not restored, nothing changed: …` naming table, row and field, unless the whole backup is restorable. */
export async function checkBackup(tables: Record<string, unknown[]>, options: CheckOptions): Promise<void> {
  const refuse = (problems: readonly string[]) => {
    const more = problems.length <= SHOWN_PROBLEMS ? '' : problems.length >= MAX_PROBLEMS ? ' (and more)' : ` (and ${problems.length - SHOWN_PROBLEMS} more)`;
    return new Error(`${NOT_RESTORED}: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`);
  };
  const tick = progressPacer(options.onProgress);
  await tick(0, 'checking', true);
  if (options.databaseVersion !== undefined) {
    const problem = versionProblem(options.databaseVersion, options.runningVersion);
    if (problem) throw refuse([problem]);
  }
  if (tables === null || typeof tables !== 'object') throw refuse(['the backup holds no tables']);
  const unknown = Object.keys(tables).filter((t) => !(BACKUP_TABLES as readonly string[]).includes(t));
  if (unknown.length > 0) throw refuse([`unknown table(s) ${unknown.map((t) => t.slice(0, 40)).join(', ')}`]);
  // Tables added in later versions may be absent from an older backup; these three never are.
  const absent = (['events', 'conversations', 'settings'] as const).filter((t) => !Array.isArray(tables[t]));
  if (absent.length > 0) throw refuse([`the backup has no ${absent.join(', ')} table`]);
  const notLists = BACKUP_TABLES.filter((t) => tables[t] !== undefined && !Array.isArray(tables[t]));
  if (notLists.length > 0) throw refuse([`table ${notLists[0]} is not a list of rows`]);
  const rowsOf = (t: TableName) => (tables[t] ?? []) as unknown[];

  const problems: string[] = [];
  const add = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const total = BACKUP_TABLES.reduce((sum, t) => sum + rowsOf(t).length, 0) || 1;
  // Row checks are ~60% of the work when the events' hashes are checked here too.
  const rowShare = options.checkEvents ? 0.9 : 0.6;
  let done = 0;

  // 1. Every row on its own: its shape, then its table's schema; every key once.
  for (const table of BACKUP_TABLES) {
    const keys = new Map<string, number>();
    const rows = rowsOf(table);
    for (let i = 0; i < rows.length && problems.length < MAX_PROBLEMS; i++) {
      if (++done % 100 === 0) await tick((done / total) * rowShare, 'checking');
      const row = rows[i];
      const shape = shapeProblem(row);
      if (shape) {
        add(`${rowName(table, i, null)}: ${shape}`);
        continue;
      }
      const problem = table === 'profiles' ? profileProblem(row) : schemaProblem(ROW_SCHEMAS[table], row);
      if (problem) {
        add(`${rowName(table, i, row)}: ${problem}`);
        continue;
      }
      const key = JSON.stringify(PRIMARY_KEY[table](row as Record<string, unknown>));
      const first = keys.get(key);
      if (first !== undefined) add(`${rowName(table, i, row)}: the same key as row ${first + 1} (a table holds each key once)`);
      else keys.set(key, i);
    }
  }
  if (problems.length > 0) throw refuse(problems);

  // 2. No deleted event's chain position is an event's (the chain check would only say a seq appears twice).
  tombstonesCheck(tables as Record<TableName, unknown[]>, add);
  if (problems.length > 0) throw refuse(problems);
  await tick(rowShare, 'checking', true);

  // 3. The events' hashes and chains (this installation's own chain whole, deleted events by their tombstones):
  // an edited event is named as such before what disagrees with it below.
  const tombstones = rowsOf('tombstones') as Tombstone[];
  const install = (rowsOf('settings') as Array<{ key: string; value: { chainId?: string } }>).find((r) => r.key === 'install');
  const ownChain = install?.value.chainId ?? null;
  const events = rowsOf('events');
  const errors = options.checkEvents
    ? options.checkEvents(events, tombstones, ownChain)
    : await eventsProblems(events, tombstones, ownChain, (share) => tick(rowShare + share * (1 - rowShare) * 0.95, 'checking'));
  if (errors.length > 0) throw refuse(errors.map((e) => e.replace(/^line (\d+): /, 'events row $1: ')));

  // 4. The tables against each other (a kept transcript's digest is hashed again: progress meanwhile).
  await crossCheck(tables as Record<TableName, unknown[]>, add, () => tick(0.97, 'checking'));
  if (problems.length > 0) throw refuse(problems);
  await tick(1, 'checking', true);
}

function schemaProblem(schema: v.GenericSchema, row: unknown): string | null {
  const result = v.safeParse(schema, row);
  return result.success ? null : describeIssue(result.issues[0]);
}

/** A profile the form would refuse (validateProfile, with the background's syntax check of selectors). */
function profileProblem(row: unknown): string | null {
  if (!isPlain(row)) return `expected an object, found ${Array.isArray(row) ? 'an array' : JSON.stringify(row)}`;
  const extra = Object.keys(row).find((k) => !(PROFILE_FIELDS as readonly string[]).includes(k));
  if (extra) return `${extra}: a field Recount never writes`;
  const result = validateProfile(row);
  if (!result.ok) {
    const [field, message] = Object.entries(result.errors)[0];
    return `${field}: ${message}`;
  }
  // The form saves what it checked, trimmed: a field that differs from it was not written by Recount.
  for (const field of PROFILE_FIELDS) {
    if (JSON.stringify(result.profile[field]) !== JSON.stringify(row[field])) return `${field}: has spaces around it (Recount saves it trimmed)`;
  }
  return null;
}

/** Deep equality of JSON-like values (key order aside), bounded by `b`, which is a checked row. */
function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_JSON_DEPTH || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return kb.every((k) => Object.prototype.hasOwnProperty.call(a, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1));
}

type ConversationRow = v.InferOutput<typeof ConversationRowSchema>;
type BilledItemRow = v.InferOutput<typeof BilledItemRowSchema>;
type BilledListRow = v.InferOutput<typeof BilledListRowSchema>;
type TombstoneRow = v.InferOutput<typeof TombstoneRowSchema>;

async function crossCheck(tables: Record<TableName, unknown[]>, add: (problem: string) => void, progress: () => Promise<void>): Promise<void> {
  const events = (tables.events ?? []) as VerdictEvent[];
  const byId = new Map(events.map((e) => [e.id, e]));
  const latestOf = new Map<string, VerdictEvent>();
  for (const e of events) {
    const there = latestOf.get(e.convKey);
    if (!there || compareEvents(e, there) > 0) latestOf.set(e.convKey, e);
  }

  // A conversation's verdict is the latest event of its own in the log, exactly.
  const conversations = (tables.conversations ?? []) as ConversationRow[];
  for (let i = 0; i < conversations.length; i++) {
    if (i % 100 === 99) await progress();
    const c = conversations[i];
    const name = rowName('conversations', i, c);
    const latest = latestOf.get(c.convKey);
    if (c.current === null) {
      if (latest) add(`${name}: current: null, but the log has event ${latest.id} of this conversation`);
    } else {
      const id = (c.current as { id?: unknown } | null)?.id;
      const event = typeof id === 'string' ? byId.get(id) : undefined;
      if (typeof id !== 'string') add(`${name}: current: expected an event of the log or null`);
      else if (!event) add(`${name}: current: names event ${JSON.stringify(id.slice(0, 100))}, which the log lacks`);
      else if (!sameValue(c.current, event)) add(`${name}: current: differs from event ${id} of the log`);
      else if (event.convKey !== c.convKey) add(`${name}: current: event ${id} is of another conversation (${event.convKey})`);
      else if (latest && latest.id !== event.id) add(`${name}: current: event ${id} is not the latest of this conversation's (${latest.id} is)`);
    }
    if (c.transcript !== null) {
      // Kept transcripts are what was read: their counts and their digest say so.
      const counts = { customer: 0, ai_agent: 0, teammate: 0, note: 0 };
      for (const m of c.transcript) counts[m.author]++;
      const wrong = (Object.keys(counts) as Array<keyof typeof counts>).find((k) => counts[k] !== c.messageCounts[k]);
      if (wrong) add(`${name}: messageCounts.${wrong}: ${c.messageCounts[wrong]}, but the transcript has ${counts[wrong]}`);
      else if (c.transcriptDigest !== sha256hex(JSON.stringify(c.transcript.map((m) => [m.author, m.authorName, m.at, m.text])))) {
        add(`${name}: transcript: does not match its transcriptDigest (edited)`);
      }
    }
  }

  // Billed items belong to a list, and each list counts its items and their units.
  const lists = new Map(((tables.billedLists ?? []) as BilledListRow[]).map((l) => [l.id, { items: 0, units: 0 }]));
  ((tables.billedItems ?? []) as BilledItemRow[]).forEach((item, i) => {
    const list = lists.get(item.listId);
    if (!list) add(`${rowName('billedItems', i, item)}: listId: names no billed list (${JSON.stringify(item.listId.slice(0, 100))})`);
    else {
      list.items++;
      list.units += item.units;
    }
  });
  ((tables.billedLists ?? []) as BilledListRow[]).forEach((l, i) => {
    const counted = lists.get(l.id)!;
    if (counted.items !== l.items) add(`${rowName('billedLists', i, l)}: items: ${l.items}, but the backup holds ${counted.items} item(s) of this list`);
    else if (Math.abs(counted.units - l.units) > 1e-9 * Math.max(1, Math.abs(l.units))) {
      add(`${rowName('billedLists', i, l)}: units: ${l.units}, but its items add up to ${counted.units}`);
    }
  });
}

function tombstonesCheck(tables: Record<TableName, unknown[]>, add: (problem: string) => void): void {
  const positions = new Map(((tables.events ?? []) as VerdictEvent[]).map((e) => [`${e.chain}\u0000${e.seq}`, e.id]));
  ((tables.tombstones ?? []) as TombstoneRow[]).forEach((t, i) => {
    const held = positions.get(`${t.chain}\u0000${t.seq}`);
    if (held) add(`${rowName('tombstones', i, t)}: seq: position ${t.seq} of chain ${t.chain} is also held by event ${held}`);
  });
}

/** validateImportedEvents' checks a slice at a time (so progress shows); its messages when any fails. */
async function eventsProblems(rows: unknown[], tombstones: Tombstone[], ownChain: string | null, progress: (share: number) => Promise<void>): Promise<string[]> {
  const checker = sliceChecker();
  const events: VerdictEvent[] = [];
  const SLICE = 1000;
  let ok = true;
  for (let i = 0; i < rows.length && ok; i += SLICE) {
    const slice = checker.slice(rows.slice(i, i + SLICE));
    if (!slice) ok = false;
    else for (const e of slice) events.push(e);
    await progress(Math.min(1, (i + SLICE) / Math.max(1, rows.length)) * 0.9);
  }
  if (ok && ownChain) {
    const own = events.filter((e) => e.chain === ownChain);
    ok = verifyChains(own, sha256hex, { deleted: tombstones.filter((t) => t.chain === ownChain), hashesChecked: true }).ok;
  }
  if (ok) ok = verifyChains(events, sha256hex, { partial: true, deleted: tombstones, hashesChecked: true }).ok;
  await progress(1);
  return ok ? [] : validateImportedEvents(rows, tombstones, ownChain).errors;
}

/** Splits the dashboard's version note from the tables (see BACKUP_META_TABLE), refusing a malformed one. */
export function withoutBackupMeta(tables: Record<string, unknown[]>): { tables: Record<string, unknown[]>; databaseVersion?: number } {
  if (tables === null || typeof tables !== 'object' || !Object.prototype.hasOwnProperty.call(tables, BACKUP_META_TABLE)) return { tables };
  const { [BACKUP_META_TABLE]: meta, ...rest } = tables;
  const parsed = v.safeParse(v.strictTuple([strict({ databaseVersion: whole(1, 1e6) })]), meta);
  if (!parsed.success) throw new Error(`${NOT_RESTORED}: ${BACKUP_META_TABLE}: ${describeIssue(parsed.issues[0])}`);
  return { tables: rest, databaseVersion: parsed.output[0].databaseVersion };
}
