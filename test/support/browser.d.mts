import type { BrowserContext, Worker } from 'playwright-core';

export const EXTENSION_DIR: string;
export const DEMO_DIR: string;
export const FIXTURES_DIR: string;
export const CHROMIUM: string;
export const INTERCOM_HOSTS: string[];
export const DEMO_URL: string;

export interface LaunchedBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Every request any page, worker or the extension made, as URLs. */
  requests: string[];
  userDataDir: string;
  dashboardUrl: string;
  popupUrl: string;
}

export const E2E_EXTENSION_DIR: string;
export const ZENDESK_DEMO_DIR: string;
export function isVendorUrl(url: string): boolean;
export function launchWithExtension(options?: { headless?: boolean; userDataDir?: string; extensionDir?: string }): Promise<LaunchedBrowser>;
export function conversationUrl(id: string, host?: string): string;
export function fixtureUrl(fixture: string, pageUrl?: string): string;
