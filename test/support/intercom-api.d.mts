import type { BrowserContext, Request } from 'playwright-core';

export const API_HOSTS: string[];
export const DEMO_TOKEN: string;
export const DISAGREEING_CONVERSATION: string;
export const PAGE_SIZE: number;
export function demoConversations(): Array<{ id: string; fin: string | null; state: string; ago: number; parts: Array<{ m: number }> }>;
export function apiConversation(conv: unknown, now: number): Record<string, unknown>;

export interface ApiRequestSeen {
  host: string;
  path: string;
  method: string;
  /** Whether it carried the demo token. */
  authorised: boolean;
  at: number;
}

export interface ApiScript {
  next(kind: 'me' | 'search' | 'conversation', url: URL, request: Request): { status?: number; body?: string; headers?: Record<string, string>; delayMs?: number } | null;
}

export function serveIntercomApi(
  context: BrowserContext,
  options?: { token?: string; script?: ApiScript; now?: number },
): Promise<{ seen: ApiRequestSeen[]; conversations: unknown[] }>;
