// Zendesk's 72 h line on the bar says what starts the clock and when it ends, in the reader's own time (issue 19:
// "counted since Nov 29" next to messages of Nov 26 read as if the count started on Nov 29). The rule, from
// docs/vendors.md ("Zendesk"): a ticket AI agent's automated resolution is counted 72 hours after the ticket's first
// message arrived. This file runs under TZ=UTC and TZ=America/Los_Angeles (vitest projects unit-tz-utc and
// unit-tz-los-angeles), and in the main unit run.
//
// Hand-worked instants. Los Angeles is UTC−7 (PDT) until 2026-11-01 02:00, UTC−8 (PST) after.
//   The issue's ticket: first message 2026-11-26T22:05Z, the AI agent's answer 22:06Z, a customer's "thanks" on
//   2026-11-27T09:00Z. Start 22:05Z on Nov 26 → +72 h → 2026-11-29T22:05Z.
//     UTC: Nov 26, 10:05 PM → Nov 29, 10:05 PM.   Los Angeles (PST): Nov 26, 2:05 PM → Nov 29, 2:05 PM.
//     The old line took the last message (Nov 27 09:00Z) + 72 h = Nov 30 09:00Z and said only "counted since" it.
//   Across the change of the clocks: first message 2026-10-31T21:05Z → +72 h → 2026-11-03T21:05Z.
//     UTC: Oct 31, 9:05 PM → Nov 3, 9:05 PM.   Los Angeles: Oct 31, 2:05 PM (PDT) → Nov 3, 1:05 PM (PST): the same
//     72 elapsed hours end an hour earlier on the wall clock.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zendeskBillingNote } from '../../utils/adapters/zendesk';
import type { TranscriptMessage } from '../../utils/model/transcript';

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const EN_US = Intl.DateTimeFormat().resolvedOptions().locale === 'en-US';

const message = (author: TranscriptMessage['author'], iso: string | null): TranscriptMessage => ({ author, authorName: author, at: iso === null ? null : Date.parse(iso), text: 'x' });
/** Spaces as a reader sees them (ICU writes a narrow no-break space before AM/PM). */
const plain = (text: string) => text.replace(/\s+/g, ' ');
/** An instant as en-US wall time in this run's zone, by Luxon: a second way to the text, apart from the bar's formatter. */
const wall = (at: number) => DateTime.fromMillis(at, { zone: ZONE }).setLocale('en-US').toFormat('LLL d, yyyy, h:mm a');

const HAND: Record<string, { issue: [string, string]; dst: [string, string] }> = {
  UTC: { issue: ['Nov 26, 2026, 10:05 PM', 'Nov 29, 2026, 10:05 PM'], dst: ['Oct 31, 2026, 9:05 PM', 'Nov 3, 2026, 9:05 PM'] },
  'America/Los_Angeles': { issue: ['Nov 26, 2026, 2:05 PM', 'Nov 29, 2026, 2:05 PM'], dst: ['Oct 31, 2026, 2:05 PM', 'Nov 3, 2026, 1:05 PM'] },
};

const issueTicket = [message('customer', '2026-11-26T22:05:00Z'), message('ai_agent', '2026-11-26T22:06:00Z'), message('customer', '2026-11-27T09:00:00Z')];
const dstTicket = [message('customer', '2026-10-31T21:05:00Z'), message('ai_agent', '2026-10-31T21:05:30Z')];

describe(`Zendesk's 72 h line (this run: TZ=${process.env.TZ ?? 'unset'}, ${ZONE})`, () => {
  it('the TZ this run claims is the one in effect', () => {
    if (process.env.TZ) expect(ZONE).toBe(process.env.TZ);
  });

  it.each([
    ['the issue’s ticket', issueTicket, '2026-11-26T22:05:00Z', '2026-11-29T22:05:00Z', 'issue'],
    ['across the change of the clocks', dstTicket, '2026-10-31T21:05:00Z', '2026-11-03T21:05:00Z', 'dst'],
  ] as const)('%s: started at the first message, billable 72 h later, both in the reader’s time', (_label, messages, startIso, endIso, hand) => {
    const start = Date.parse(startIso);
    const end = Date.parse(endIso);
    expect(end - start).toBe(72 * 3600e3);
    const before = plain(zendeskBillingNote(messages, end - 1));
    const after = plain(zendeskBillingNote(messages, end));
    expect(before).toBe(`Zendesk's 72 h clock started at this ticket's first message, ${wall(start)} (your time): billable as an automated resolution from ${wall(end)}.`);
    expect(after).toBe(`Zendesk's 72 h clock started at this ticket's first message, ${wall(start)} (your time): billable as an automated resolution since ${wall(end)}.`);
    // The hand-worked wall times, in the two zones this file is run under.
    const expected = HAND[ZONE]?.[hand];
    // Under the TZ projects the hand-worked check must run, never be skipped quietly.
    if (process.env.TZ && process.env.TZ in HAND) expect(expected && EN_US).toBeTruthy();
    if (expected && EN_US) {
      expect([wall(start), wall(end)]).toEqual(expected);
      expect(after).toContain(`first message, ${expected[0]} (your time)`);
      expect(after).toContain(`since ${expected[1]}.`);
    }
  });

  it('the clock is the first message’s, in whatever order the page lists them, and later messages do not move it', () => {
    const reversed = [...issueTicket].reverse();
    expect(zendeskBillingNote(reversed, 0)).toBe(zendeskBillingNote(issueTicket, 0));
    const withLaterReply = [...issueTicket, message('customer', '2026-11-28T12:00:00Z')];
    expect(zendeskBillingNote(withLaterReply, 0)).toBe(zendeskBillingNote(issueTicket, 0));
    // The old line's time, the last message + 72 h (Nov 30 09:00Z), is not on it.
    expect(plain(zendeskBillingNote(issueTicket, 0))).not.toContain(wall(Date.parse('2026-11-30T09:00:00Z')));
  });

  it('a message shown without a time may have been first: the clock started no later than the earliest time shown', () => {
    const note = plain(zendeskBillingNote([message('customer', null), ...dstTicket], 0));
    expect(note).toBe(
      `Zendesk's 72 h clock started at this ticket's first message, no later than ${wall(Date.parse('2026-10-31T21:05:00Z'))} (your time): billable as an automated resolution from no later than ${wall(Date.parse('2026-11-03T21:05:00Z'))}.`,
    );
  });

  it('no message time on the page: the rule, and that the time cannot be said', () => {
    expect(zendeskBillingNote([message('customer', null)], 0)).toBe(
      "Zendesk counts a ticket AI agent's automated resolution 72 h after the ticket's first message arrived; this page shows no message time.",
    );
  });
});
