import type { Locator, Page } from 'playwright-core';
import type { VerdictEvent } from '../../utils/model/verdict';

export interface Credentials {
  name: string;
  password: string;
}
export function agentChain(reviewer: string, chain: string, tags: Array<{ conversationId: string; verdict: string; reason?: string; note?: string }>, start?: number): VerdictEvent[];
export function pushAs(server: { url: string; db: string }, agent: Credentials, events: readonly VerdictEvent[]): Promise<void>;
export function joinTeamLog(dashboard: Page, server: { url: string; db: string }, who: Credentials): Promise<Locator>;
export function launchAgents(server: { url: string }, count?: number): Promise<Array<{ browser: import('./browser.mjs').LaunchedBrowser; dashboard: Page }>>;
export function pullFromTeamLog(dashboard: Page): Promise<string>;
