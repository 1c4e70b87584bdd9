// The one database, in the extension's origin. Only the background writes it (extension pages may read):
// a content script's IndexedDB would belong to the vendor's page, which the vendor's code can read and wipe.
import { localZone } from '../model/tally';
import Dexie, { type EntityTable, type Table } from 'dexie';
import { eventHash, GENESIS, type Tombstone } from '../model/chain.mjs';
import { sha256hex } from '../model/hash';
import type { BilledItem, BilledList, ConversationRecord, HealthRecord, SpotCheckPlan } from '../model/records';
import type { VendorProfile } from '../adapters/profiles';
import type { Settings } from '../model/settings';
import { compareEvents, type Vendor, type VerdictEvent } from '../model/verdict';

export const DB_NAME = 'recount';

export interface ChunkEntry {
  key: string;
  min: string;
  max: string;
  size: number;
}

/** The event-only index (event-only.ts) as stored: a directory, and chunks of parallel arrays (they clone faster than objects). */
export type EventOnlyRow =
  | {
      key: 'directory';
      next: number;
      chunks: ChunkEntry[];
      /** New with every change of the index: what a team pull keeps of it in memory is current while this is the same. */
      stamp?: string;
    }
  | {
      key: string;
      convKeys: string[];
      ats: number[];
      ids: string[];
      /**
       * What each latest event counts for (event-only.ts): an index into `tallyKeys` (-1: not kept, as in chunks
       * written before these columns), its units, and 1 if it has a note.
       */
      tallies?: number[];
      tallyKeys?: string[];
      units?: number[];
      noted?: number[];
    };

/** The dashboard's counts per local day (tallies.ts), and which time zone they are counted in. */
export type TallyRow =
  | { key: 'meta'; zone: string; notes?: 1 }
  | { key: string; day: string; counts: import('../model/tally').DayCounts }
  /** A tag's change to the counts, appended without reading them (folded into the days later). */
  | { key: string; zone: string; days: Record<string, import('../model/tally').DayCounts>; notes?: import('../model/note-index').NoteColumns }
  /** The notes' index (notes.ts): log and base rows of entries. */
  | { key: string; notes: import('../model/note-index').NoteColumns };

/** This installation's signing key (signing.ts): the private half non-extractable, never in a backup. */
export interface SigningKeyRow {
  id: 'signing';
  privateKey: CryptoKey;
  publicKey: import('../model/signature.mjs').PublicKeyJwk;
  fingerprint: string;
  /** The chain this installation records its own tags in now (a restore of another chain moves it to a new one). */
  ownChain: string;
  createdAt: string;
  /** Older keys' endorsements of their successors, oldest first (empty for a first key). */
  endorsements: import('../model/signature.mjs').Endorsement[];
}

export type SettingsRow = { key: 'settings'; value: Settings } | { key: 'install'; value: { chainId: string } };

export class RecountDB extends Dexie {
  events!: EntityTable<VerdictEvent, 'id'>;
  conversations!: EntityTable<ConversationRecord, 'convKey'>;
  settings!: EntityTable<SettingsRow, 'key'>;
  profiles!: EntityTable<VendorProfile, 'id'>;
  health!: EntityTable<HealthRecord, 'id'>;
  tombstones!: Table<Tombstone, [string, number]>;
  billedLists!: EntityTable<BilledList, 'id'>;
  billedItems!: Table<BilledItem & { pk?: number; listId: string }, number>;
  spotChecks!: EntityTable<SpotCheckPlan, 'id'>;
  eventOnly!: EntityTable<EventOnlyRow, 'key'>;
  tallies!: EntityTable<TallyRow, 'key'>;
  keys!: EntityTable<SigningKeyRow, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    // Index only what is queried; never transcript text.
    this.version(1).stores({
      events: 'id, convKey, at, [vendor+at], reviewer',
      conversations: 'convKey, vendor, lastSeenAt',
      settings: 'key',
    });
    // v2: user-defined vendor profiles and adapter health. No data moves, so no upgrade function.
    this.version(2).stores({
      profiles: 'id',
      health: 'id, vendor',
    });
    // v3: the tamper-evident chain. Events recorded before it join this installation's chain in time order.
    this.version(3)
      .stores({ events: 'id, convKey, at, [vendor+at], reviewer, [chain+seq]' })
      .upgrade(async (tx) => {
        const settings = tx.table<SettingsRow, string>('settings');
        const chainId = await installChainIdIn(settings);
        const events = tx.table<VerdictEvent, string>('events');
        const unchained = (await events.orderBy('at').toArray()).filter((e) => !e.chain).sort(compareEvents);
        let prevHash = GENESIS;
        const chained = unchained.map((e, i) => {
          const next = { ...e, chain: chainId, seq: i + 1, prevHash };
          next.hash = eventHash(next, sha256hex);
          prevHash = next.hash;
          return next;
        });
        await events.bulkPut(chained);
        // Keep the conversations' projection pointing at the chained copy of each event.
        const byId = new Map(chained.map((e) => [e.id, e]));
        await tx
          .table<ConversationRecord, string>('conversations')
          .toCollection()
          .modify((c) => {
            if (c.current && byId.has(c.current.id)) c.current = byId.get(c.current.id)!;
          });
      });
    // v4: tombstones of deleted events (hashes only), so chains still verify after a deletion.
    this.version(4).stores({ tombstones: '[chain+seq], chain' });
    // v5: the vendor's billed lists and spot-check plans.
    this.version(5).stores({ billedLists: 'id, importedAt', billedItems: '++pk, listId', spotChecks: 'id, createdAt' });
    // v6: indexes nothing queries are dropped (events by vendor+time and by reviewer, conversations by vendor):
    // every tag and every imported event paid for them, and the dashboard filters those fields in memory.
    this.version(6).stores({ events: 'id, convKey, at, [chain+seq]', conversations: 'convKey, lastSeenAt' });
    // v7: conversations known only from merged events get no row of their own (see event-only.ts). The rows
    // earlier merges wrote for them stay: a row is always right, only dearer to write.
    this.version(7).stores({ eventOnly: 'key' });
    // v8: the dashboard's figures per local day, moved by every write (tallies.ts); built on the first open.
    this.version(8).stores({ tallies: 'key' });
    // v9: this installation's signing key (a CryptoKey, which IndexedDB keeps as it is and no backup can hold).
    this.version(9).stores({ keys: 'id' });
    // A database made new holds nothing: its counts are complete (all zero) from the start, and every write moves
    // them. (An upgraded one has data never counted: no meta row, so the first dashboard has them built.)
    this.on('populate', (tx) => {
      void tx.table('tallies').add({ key: 'meta', zone: localZone(), notes: 1 });
    });
  }
}

async function installChainIdIn(settings: Table<SettingsRow, string>): Promise<string> {
  const row = await settings.get('install');
  if (row?.key === 'install') return row.value.chainId;
  const chainId = crypto.randomUUID();
  await settings.put({ key: 'install', value: { chainId } });
  return chainId;
}

/** This installation's chain id, created on first use (in a transaction: two first callers get one id). */
export function installChainId(db: RecountDB): Promise<string> {
  return db.transaction('rw', db.settings, () => installChainIdIn(db.settings as unknown as Table<SettingsRow, string>));
}


export function healthId(vendor: Vendor, adapter: string, urlPattern: string): string {
  return `${vendor}|${adapter}|${urlPattern}`;
}


export const BACKUP_TABLES = ['events', 'conversations', 'settings', 'profiles', 'health', 'tombstones', 'billedLists', 'billedItems', 'spotChecks'] as const;
