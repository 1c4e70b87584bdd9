// An export's Blob, assembled page by page: where no worker starts (here), in this thread, with the same bytes.
import { describe, expect, it } from 'vitest';
import { BlobAssembly } from '../../utils/io/blob-assembly';
import { blobParts } from '../../utils/io/blob-parts';

describe('BlobAssembly', () => {
  it('joins the pages in order, empty pages skipped, across the groups of 32', async () => {
    const assembly = new BlobAssembly();
    const expected: string[] = [];
    for (let i = 0; i < 70; i++) {
      const texts = i % 10 === 3 ? [] : [`page ${i}: `, 'é,"x"\r\n'];
      assembly.addPage(texts);
      expected.push(...texts);
    }
    const blob = assembly.blob('text/csv;charset=utf-8');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect(await blob.text()).toBe(expected.join(''));
  });
});

describe('blobParts', () => {
  it('without a worker, makes the same bytes in this thread; a discarded one keeps nothing', async () => {
    const parts = await blobParts();
    parts.push('a,b\r\n');
    parts.endPage();
    parts.push('1,');
    parts.push('2\r\n');
    expect(await (await parts.blob('text/csv')).text()).toBe('a,b\r\n1,2\r\n');
    const dropped = await blobParts();
    dropped.push('x');
    dropped.discard();
    expect(await (await dropped.blob('text/plain')).text()).toBe('');
  });
});
