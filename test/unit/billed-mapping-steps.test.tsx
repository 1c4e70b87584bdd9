// Reconcile › import a billed list as "Other CSV": until a conversation id column is chosen the panel says what to
// do next, never "refused, nothing imported" (issue 19: the refusal showed before any mapping was chosen). A
// refusal comes only from reading the rows with a mapping, and failing.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { requestMock } = vi.hoisted(() => ({ requestMock: vi.fn() }));
vi.mock('../../utils/transport/protocol', async (importOriginal) => ({ ...(await importOriginal<object>()), request: requestMock }));

import { BilledListImport } from '../../components/dashboard/ReconcilePanel';
import { readBilledBlob, readBilledList, type ColumnMapping } from '../../utils/io/billed-list';

beforeEach(() => {
  requestMock.mockReset();
  requestMock.mockImplementation(async (message: { type: string }) => {
    if (message.type === 'intercom-api/status') return { configured: false, region: null, host: null, workspaceName: null };
    throw new Error(`unexpected request ${message.type}`);
  });
});
afterEach(cleanup);

// Line 3's "soon" is no date: refused once the Closed column is mapped as the billed time, not before.
const OTHER = 'Case,Closed,Charge\r\nA-1,2026-11-01,1\r\nA-2,soon,2\r\n';
const unmapped: ColumnMapping = { vendor: 'custom', conversationId: '', billedAt: '', units: '', customerId: '' };

describe('reading an Other CSV before and after its mapping', () => {
  it('with no conversation id column chosen: the header only, no error, the next step said', async () => {
    const read = readBilledList(OTHER, 'mapped-csv', unmapped);
    expect(read).toMatchObject({ errors: [], items: [], skipped: [], columns: ['Case', 'Closed', 'Charge'], mappingNeeded: true });
    // A large file the same way, a chunk at a time: read no further than its header.
    const streamed = await readBilledBlob(new Blob([OTHER + 'A-3,2026-11-03,1\r\n'.repeat(50_000)]), 'mapped-csv', unmapped, { chunkBytes: 4096 });
    expect(streamed).toMatchObject({ errors: [], items: [], columns: ['Case', 'Closed', 'Charge'], mappingNeeded: true });
  });

  it('with a mapping, bad rows are refused as before, and a good read says nothing of a mapping', () => {
    const map = (patch: Partial<ColumnMapping>) => ({ ...unmapped, conversationId: 'Case', ...patch });
    expect(readBilledList(OTHER, 'mapped-csv', map({ billedAt: 'Closed' })).errors).toEqual(['line 3: Closed: "soon" is not a date']);
    const good = readBilledList(OTHER, 'mapped-csv', map({ units: 'Charge' }));
    expect(good.errors).toEqual([]);
    expect(good.items.map((i) => [i.conversationId, i.units])).toEqual([['A-1', 1], ['A-2', 2]]);
    expect(good.mappingNeeded).toBeUndefined();
    // A column the file does not have, a file-level fault: refusals whatever the mapping.
    expect(readBilledList(OTHER, 'mapped-csv', map({ conversationId: 'Id' })).errors[0]).toMatch(/"Id" is not in this file/);
    expect(readBilledList('', 'mapped-csv', unmapped).errors).toEqual(['line 1: the file is empty: a billed list starts with a header row']);
  });
});

describe('the billed-list import panel with an Other CSV', () => {
  const preview = () => screen.getByRole('region', { name: 'Billed list preview' });
  const mappingSelect = (label: string) => screen.getByRole('combobox', { name: label }) as HTMLSelectElement;

  async function pick(text: string, name: string) {
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
    await waitFor(() => expect(preview()).toBeTruthy());
    await waitFor(() => expect(preview().textContent).toMatch(/Choose which column|refused|billed item/));
  }

  it('says what to do next until the id column is chosen, then imports, or refuses only a read that fails', async () => {
    render(<BilledListImport conversations={[]} />);
    await pick(OTHER, 'other.csv');
    expect((screen.getByRole('combobox', { name: 'Format' }) as HTMLSelectElement).value).toBe('mapped-csv');
    // Before a mapping: the next step, the file's columns to choose from, and no refusal, no import button.
    const next = preview().querySelector('[data-next-step]')!;
    expect(next.textContent).toMatch(/^Choose which column of other\.csv holds the conversation id/);
    expect(preview().textContent).not.toMatch(/refused/i);
    expect(preview().querySelector('.refused')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
    expect([...mappingSelect('Conversation id column').options].map((o) => o.value)).toEqual(['', 'Case', 'Closed', 'Charge']);

    // The id column chosen: the rows are read — two billed items, ready to import.
    fireEvent.change(mappingSelect('Conversation id column'), { target: { value: 'Case' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Import 2 billed item(s)' })).toBeTruthy());
    expect(preview().querySelector('[data-next-step]')).toBeNull();
    expect(preview().textContent).not.toMatch(/refused/i);

    // A billed-time column holding a non-date: that read fails, and only now the refusal shows, naming the line.
    fireEvent.change(mappingSelect('Billed at column'), { target: { value: 'Closed' } });
    await waitFor(() => expect(preview().querySelector('.refused')).not.toBeNull());
    expect(preview().querySelector('.refused')!.textContent).toMatch(/^other\.csv: refused, nothing imported\s*line 3: Closed: "soon" is not a date$/);
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
  });

  it('another file starts with an empty mapping: the last file’s column is not refused as missing', async () => {
    render(<BilledListImport conversations={[]} />);
    await pick(OTHER, 'first.csv');
    fireEvent.change(mappingSelect('Conversation id column'), { target: { value: 'Case' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Import 2 billed item(s)' })).toBeTruthy());
    await pick('Ticket,When\r\nT-9,2026-11-05\r\n', 'second.csv');
    await waitFor(() => expect(preview().querySelector('[data-next-step]')?.textContent).toMatch(/^Choose which column of second\.csv/));
    expect(preview().textContent).not.toMatch(/refused|is not in this file/);
    expect(mappingSelect('Conversation id column').value).toBe('');
  });

  it('a file no mapping can read is still refused at once (an empty file)', async () => {
    render(<BilledListImport conversations={[]} />);
    await pick('\r\n', 'empty.csv');
    expect(preview().querySelector('[data-next-step]')).toBeNull();
    expect(preview().querySelector('.refused')!.textContent).toMatch(/refused, nothing imported/);
  });
});
