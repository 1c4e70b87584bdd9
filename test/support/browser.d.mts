import type { BrowserContext, Page, Worker } from 'playwright-core';

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
export function launchWithExtension(options?: { headless?: boolean; userDataDir?: string; extensionDir?: string; passThrough?: string[]; keepWelcome?: boolean; args?: string[] }): Promise<LaunchedBrowser>;
export function conversationUrl(id: string, host?: string): string;
export function fixtureUrl(fixture: string, pageUrl?: string): string;
/** One row of the extension's database (by key), read straight from IndexedDB in an extension page. */
export function storedRow<T = unknown>(page: import('playwright-core').Page, table: string, key: string): Promise<T | undefined>;
/** The overlay's verdict bar and its status chip on a helpdesk page, by their accessible names. */
export function verdictBar(page: import('playwright-core').Page): import('playwright-core').Locator;
export function statusChip(page: import('playwright-core').Page): import('playwright-core').Locator;
/** A new tab of `context` at `url`. */
export function openTab(context: BrowserContext, url: string): Promise<import('playwright-core').Page>;
/** Shows one area of an open dashboard as its navigation link does, and waits until it is visible. */
export function showArea(page: import('playwright-core').Page, area: 'overview' | 'reconcile' | 'spot-checks' | 'team' | 'data' | 'settings'): Promise<void>;
export function evaluateInContentScript(context: BrowserContext, page: Page, extensionId: string, expression: string): Promise<unknown>;
