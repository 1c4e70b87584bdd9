// Salesforce Agentforce bills per conversation window (docs/vendors.md): a window starts at the customer's
// first message after the previous window ended (or at the agent's welcome) and ends 24 h after it started.
import type { TranscriptMessage } from './transcript';

export const AGENTFORCE_WINDOW_MS = 24 * 3600e3;

interface BillingWindows {
  /** Start times of each window, in order. */
  starts: number[];
  /** Windows after the first that the customer opened by writing again: each is a separately billed window. */
  reopenedByCustomer: number;
}

export function billingWindows(messages: readonly TranscriptMessage[]): BillingWindows {
  const timed = messages
    .filter((m) => m.at !== null && m.author !== 'note')
    .sort((a, b) => (a.at as number) - (b.at as number));
  const starts: number[] = [];
  let reopenedByCustomer = 0;
  let windowEnd = -Infinity;
  for (const message of timed) {
    const at = message.at as number;
    if (at < windowEnd) continue;
    // After a window ends, only a customer's message opens the next one (an agent's follow-up does not).
    if (starts.length > 0 && message.author !== 'customer') continue;
    if (starts.length > 0) reopenedByCustomer++;
    starts.push(at);
    windowEnd = at + AGENTFORCE_WINDOW_MS;
  }
  return { starts, reopenedByCustomer };
}
