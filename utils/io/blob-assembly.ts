// Where an export's Blob is put together, page by page: in the worker (blob-worker.ts) or, where none starts, in the
// page (blob-parts.ts says which, and why).

/**
 * A page's text becomes one Blob when the page ends (a Blob of Blobs holds only references), so its strings can go.
 * Every 32 page Blobs are gathered into one, because the cost of `new Blob(parts)` grows with the number of parts:
 * the last one of an export of 1,000 pages was a task of about 80 ms.
 */
export class BlobAssembly {
  private pages: Blob[] = [];
  private groups: Blob[] = [];

  addPage(texts: readonly string[]): void {
    if (texts.length === 0) return;
    this.pages.push(new Blob(texts as string[]));
    if (this.pages.length === 32) {
      this.groups.push(new Blob(this.pages));
      this.pages = [];
    }
  }

  blob(type: string): Blob {
    return new Blob([...this.groups, ...this.pages], { type });
  }
}

/** What the page sends the worker, and what it answers. */
export type BlobWorkerRequest = { type: 'hello' } | { type: 'page'; texts: string[] } | { type: 'end'; mime: string };
export type BlobWorkerReply = { type: 'ready' } | { type: 'blob'; blob: Blob };
