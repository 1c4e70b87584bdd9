// Exports and evidence bundles are signed by this installation's key: the background signs (the key never leaves
// it); the page sends only the file's digest and chain heads.
import { request } from '../../utils/transport/protocol';
import type { ExportOptions } from '../../utils/io/export';

export const signByThisBrowser: NonNullable<ExportOptions['sign']> = async (digest, chains) =>
  (await request({ type: 'export/sign', digest, chains: Object.fromEntries(Object.entries(chains).map(([id, c]) => [id, { lastSeq: c.lastSeq, head: c.head }])) })).signature;
