// "Delete this view…" confirmed one number and deleted another (issue 19: "5 conversations" confirmed, 4 deleted).
// The confirmation counted every conversation of the view; the deletion removes only those left with no event,
// so a conversation read here but never tagged, or one keeping an earlier verdict, was counted and stayed. Now
// one plan (store/deletion) gives both, and the background deletes only the plan that was confirmed.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { requestMock } = vi.hoisted(() => ({ requestMock: vi.fn() }));
vi.mock('../../utils/transport/protocol', async (importOriginal) => ({ ...(await importOriginal<object>()), request: requestMock }));

import { DataPanel, deletionQuestion } from '../../components/dashboard/DataPanel';
import { EMPTY_FILTER, matchesConversation, matchesEvent, type Filter } from '../../utils/analysis/filters';
import { conversationsInView } from '../../utils/analysis/view-rows';
import { RecountDB } from '../../utils/store/db';
import { DeletionChangedError, deleteWhere, previewDeletion } from '../../utils/store/deletion';
import { allEvents, recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { handleMessage, type Platform } from '../../utils/transport/handlers';

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
const key = (id: string, workspace = 'w') => ({ vendor: 'intercom' as const, workspace, conversationId: id });
let db: RecountDB;
let n = 0;

const seen = (id: string, at: number) => recordConversationSeen(db, { key: key(id), claim, agentName: 'Fin', billingNote: null, messages: [] }, null, at);
const tag = (id: string, verdict: 'genuine' | 'false', at: number, workspace = 'w') =>
  recordVerdict(db, { key: key(id, workspace), verdict, reason: verdict === 'false' ? 'other' : null, note: '', claim, suggested: null }, { now: at });

/**
 * Worked by hand. Workspace w holds five conversations, workspace "other" one:
 *   1  read, tagged false                  — 1 event
 *   2  read, tagged genuine, then false    — 2 events
 *   3  read, billed (assumed), never tagged — 0 events
 *   4  tagged genuine                      — 1 event
 *   5  tagged false                        — 1 event
 *   6  (workspace other) tagged genuine    — outside every view below
 * View "workspace w": 5 events (1 + 2 + 0 + 1 + 1). The old confirmation said 5 conversations (1–5, the view's
 * rows); the deletion removes those left with no event: 1, 2, 4, 5 — 4. Conversation 3 has no event to delete and
 * stays. That is the 5 vs 4 of the issue.
 * View "verdict false": events 1's, 2's second and 5's — 3. The old confirmation said 3 conversations (1, 2, 5);
 * 2 keeps its earlier genuine verdict, so 2 are deleted (1, 5).
 */
beforeEach(async () => {
  db = new RecountDB(`delete-view-${++n}`);
  await seen('1', 100);
  await tag('1', 'false', 1_000);
  await seen('2', 200);
  await tag('2', 'genuine', 2_000);
  await tag('2', 'false', 2_500);
  await seen('3', 300);
  await tag('4', 'genuine', 4_000);
  await tag('5', 'false', 5_000);
  await tag('6', 'genuine', 6_000, 'other');
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await db.delete();
});

const inWorkspace: Filter = { ...EMPTY_FILTER, workspace: 'w' };
const falseOnes: Filter = { ...EMPTY_FILTER, verdict: 'false' };
const matchers = (filter: Filter) => [(e: Parameters<typeof matchesEvent>[0]) => matchesEvent(e, filter), (c: Parameters<typeof matchesConversation>[0]) => matchesConversation(c, filter)] as const;
/** How the confirmation counted before: every event of the view, every conversation of the view. */
const oldConfirmation = async (filter: Filter) => ({
  events: (await allEvents(db)).filter((e) => matchesEvent(e, filter)).length,
  conversations: (await conversationsInView(db, filter)).length,
});
const left = async () => (await db.conversations.toArray()).map((c) => [c.conversationId, c.current?.verdict ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('deleting a view: the confirmed numbers are the deleted ones', () => {
  it('a conversation read but never tagged is not counted as deleted (was 5 confirmed, 4 deleted)', async () => {
    expect(await oldConfirmation(inWorkspace)).toEqual({ events: 5, conversations: 5 });
    const plan = await previewDeletion(db, ...matchers(inWorkspace));
    expect(plan).toMatchObject({ events: 5, conversations: 4, keptWithVerdict: 0, keptUntagged: 1 });
    const deleted = await deleteWhere(db, ...matchers(inWorkspace), 9_000, plan.digest);
    expect(deleted).toEqual({ events: plan.events, conversations: plan.conversations });
    expect(await left()).toEqual([['3', null], ['6', 'genuine']]);
  });

  it('a conversation keeping an earlier verdict is not counted as deleted (was 3 confirmed, 2 deleted)', async () => {
    expect(await oldConfirmation(falseOnes)).toEqual({ events: 3, conversations: 3 });
    const plan = await previewDeletion(db, ...matchers(falseOnes));
    expect(plan).toMatchObject({ events: 3, conversations: 2, keptWithVerdict: 1, keptUntagged: 0 });
    expect(await deleteWhere(db, ...matchers(falseOnes), 9_000, plan.digest)).toEqual({ events: 3, conversations: 2 });
    expect(await left()).toEqual([['2', 'genuine'], ['3', null], ['4', 'genuine'], ['6', 'genuine']]);
  });

  it('a log that changed after the confirmation is not deleted at all', async () => {
    const plan = await previewDeletion(db, ...matchers(inWorkspace));
    await tag('7', 'false', 7_000); // another tag lands in the view meanwhile
    const before = (await allEvents(db)).length;
    await expect(deleteWhere(db, ...matchers(inWorkspace), 9_000, plan.digest)).rejects.toThrow(DeletionChangedError);
    await expect(deleteWhere(db, ...matchers(inWorkspace), 9_000, plan.digest)).rejects.toThrow(/now 6 event\(s\) and 5 conversation\(s\) would go/);
    expect(await allEvents(db)).toHaveLength(before);
    expect(await db.tombstones.count()).toBe(0);
  });

  it('the question names what goes and what stays', async () => {
    const text = deletionQuestion(await previewDeletion(db, ...matchers(inWorkspace)));
    expect(text).toMatch(/^Delete the 5 verdict event\(s\) of this view from Recount, and with them the 4 conversation\(s\) left with no event\? 1 conversation\(s\) of this view stay: 1 never tagged \(no verdict event to delete\)\. This cannot be undone/);
    // Every event goes, but each conversation keeps an earlier one: none leaves, and the question says so.
    const kept = deletionQuestion({ events: 2, conversations: 0, keptWithVerdict: 2, keptUntagged: 0, digest: '' });
    expect(kept).toMatch(/^Delete the 2 verdict event\(s\) of this view from Recount\? No conversation leaves Recount\. 2 conversation\(s\) of this view stay: 2 keeping a verdict this view does not choose/);
  });
});

describe('the Data panel’s "Delete this view…"', () => {
  const platform: Platform = { broadcast: () => undefined, hasHostAccess: async () => false, syncProfileScripts: async () => undefined, previewInTab: async () => { throw new Error('x'); } };
  beforeEach(() => {
    requestMock.mockReset();
    // The background, in this process: the same handler the extension runs.
    requestMock.mockImplementation(async (message: unknown) => {
      const reply = await handleMessage(db, message, platform);
      if (!reply.ok) throw new Error(reply.error);
      return reply.data;
    });
  });

  it('confirms 5 events and 4 conversations, then deletes 5 events and 4 conversations', async () => {
    const asked: string[] = [];
    vi.stubGlobal('confirm', (text: string) => (asked.push(text), true));
    render(<DataPanel db={db} filter={inWorkspace} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete this view…' }));
    await waitFor(() => expect(screen.getAllByRole('status').some((s) => /^Deleted /.test(s.textContent ?? ''))).toBe(true));
    expect(asked).toHaveLength(1);
    const [, events, conversations] = /Delete the (\d+) verdict event\(s\) .* the (\d+) conversation\(s\)/.exec(asked[0])!;
    expect([events, conversations]).toEqual(['5', '4']);
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain('Deleted 5 event(s) and 4 conversation(s).');
    expect(requestMock).toHaveBeenCalledWith(expect.objectContaining({ type: 'events/delete', confirmed: expect.stringMatching(/^[0-9a-f]{64}$/) }));
  });

  it('a view with no verdict event asks nothing and deletes nothing', async () => {
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    render(<DataPanel db={db} filter={{ ...EMPTY_FILTER, verdict: 'untagged' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete this view…' }));
    await waitFor(() => expect(screen.getAllByRole('status').some((s) => /^Nothing to delete/.test(s.textContent ?? ''))).toBe(true));
    expect(confirm).not.toHaveBeenCalled();
    expect(requestMock).not.toHaveBeenCalled();
  });
});
