import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { HELPDESK_MATCHES } from './utils/adapters/hosts';

/** The third vendor's host that the e2e suite's custom profile reads (a reserved .example name). */
const E2E_PROFILE_HOST = 'https://console.sierra.example/*';
/** Intercom's API hosts, asked for at runtime in the product (Settings › Intercom API). */
const E2E_API_HOSTS = ['https://api.intercom.io/*', 'https://api.eu.intercom.io/*', 'https://api.au.intercom.io/*'];
/** The local team-log server (pouchdb-server) the e2e suite and the demo start; the product asks at join time. */
const E2E_TEAM_SERVER = 'http://127.0.0.1/*';

/** Plain-http origins the team log may use: a server on this computer. */
const LOOPBACK_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * Firefox's add-on id (AMO keys updates and storage to it) and its data-collection declaration. A store build sets
 * RECOUNT_GECKO_ID to the id AMO registered; the default is Recount's own.
 * Nothing is collected: no data goes to Recount's makers or any third party. The only transfers are the ones a
 * user turns on, to servers they chose — the team's own log server and their helpdesk vendor's API with their own
 * token (docs/store-review.md explains the choice).
 */
function firefoxSettings() {
  const id = process.env.RECOUNT_GECKO_ID ?? '{6f0c2a6e-4b7d-4f3e-9a57-2f1d8c3b5e41}';
  if (!/^(\{[0-9a-f-]{36}\}|[\w.+-]+@[\w.-]+)$/i.test(id)) throw new Error(`RECOUNT_GECKO_ID: "${id}" is not a Firefox add-on id ({GUID} or name@domain)`);
  return {
    id,
    // 140: the first desktop Firefox with the built-in data-collection consent the key below feeds.
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['none'] },
  };
}

/**
 * The Firefox sources zip leaves out whatever git ignores (screenshots, bench results, logs): AMO reviewers get
 * the repository as a clone would have it. Each .gitignore line becomes a glob.
 */
function gitIgnoredGlobs(): string[] {
  const lines = readFileSync(new URL('./.gitignore', import.meta.url), 'utf8').split('\n');
  return lines
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .flatMap((line) => {
      const glob = line.replace(/^\//, '').replace(/\/$/, '/**');
      return line.startsWith('/') ? [glob] : [glob, `**/${glob}`];
    });
}

/** Firefox for Android reads the data-collection key from 142 on. */
const FIREFOX_ANDROID = { strict_min_version: '142.0' };

/**
 * The helpdesk content scripts use the browser's own `browser`/`chrome` namespace (MV3 APIs return promises in
 * Chrome and Firefox) instead of the webextension polyfill, which alone is ~6 KB of their ~20 KB gzipped: they
 * load into every helpdesk page. They only send messages and listen to broadcasts without replying, where the
 * two behave the same. Background, pages and the profile script keep the polyfill.
 */
function nativeBrowserInHelpdeskScripts(): Plugin {
  let helpdesk = false;
  return {
    name: 'recount:native-browser-in-helpdesk-scripts',
    enforce: 'pre',
    buildStart(options) {
      const inputs = typeof options.input === 'string' ? [options.input] : Object.values(options.input ?? {});
      helpdesk = inputs.some((input) => /(intercom|zendesk|salesforce)\.content/.test(String(input)));
    },
    async resolveId(source, importer) {
      if (!helpdesk || source !== '@wxt-dev/webextension-polyfill/browser') return null;
      return this.resolve('@wxt-dev/browser', importer, { skipSelf: true });
    },
  };
}

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader (and the tests) can follow every name to its file.
  imports: false,
  // MV3 for Firefox too, so both browsers run the same background and permissions model.
  manifestVersion: 3,
  manifest: ({ browser, mode }) => ({
    name: 'Recount',
    description:
      "The buyer's own count of the resolutions an AI customer-service agent bills for. Data stays in this browser.",
    // The product is granted no host by installing: the welcome page asks for the helpdesks the team uses, and
    // each other feature for its one origin when it is turned on. The DB lives in the extension origin and exports
    // are plain downloads from an extension page.
    // Test build only (`wxt build --mode e2e`, its own output folder): Chromium cannot accept an extension's
    // permission prompt under automation, so what the product asks for at runtime is granted at install there —
    // the three helpdesks, the test vendor's host (a custom profile), the Intercom API hosts, and the local
    // team-log server the e2e suite and the demo start on 127.0.0.1 (any port).
    ...(mode === 'e2e' ? { host_permissions: [...HELPDESK_MATCHES, E2E_PROFILE_HOST, ...E2E_API_HOSTS, E2E_TEAM_SERVER] } : {}),
    // Asked for at runtime, one origin at a time, by the feature that needs it; nothing is granted by installing.
    // https://*/*: a user-defined vendor profile's console, the Intercom API region, the team's CouchDB server.
    // http on the loopback only: a team server tried on this computer (`npm run team-server`). No other plain-http
    // host: profiles and team servers elsewhere must use https (utils/adapters/profiles.ts, utils/model/team-status.ts).
    optional_host_permissions: ['https://*/*', ...LOOPBACK_HOSTS],
    // `storage`: the Intercom API token lives in storage.local, apart from the database (never exported).
    // `alarms`: the team log's push retries while the worker sleeps.
    // `offscreen` (Chrome): a team pull's pages are checked in a worker that a service worker cannot start itself.
    permissions: ['scripting', 'storage', 'alarms', ...(browser === 'firefox' ? [] : ['offscreen'])],
    action: { default_title: 'Recount' },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: firefoxSettings(), gecko_android: FIREFOX_ANDROID } } : {}),
  }),
  zip: { excludeSources: gitIgnoredGlobs() },
  // NO_MINIFY=1 keeps function names, for reading a CPU profile of the built extension; SOURCEMAP=1 writes source
  // maps, for seeing which module a content script's bytes come from.
  vite: () => ({
    plugins: [preact(), nativeBrowserInHelpdeskScripts()],
    resolve: {
      alias: {
        // stdlib's beta quantile probes generator support with eval(), which an extension page's CSP refuses (and
        // store reviewers flag). Every browser Recount runs in has generators, so the probe is answered here.
        '@stdlib/assert-has-generator-support': fileURLToPath(new URL('./utils/analysis/has-generator-support.cjs', import.meta.url)),
      },
    },
    build: { minify: process.env.NO_MINIFY ? false : undefined, sourcemap: process.env.SOURCEMAP ? true : undefined },
  }),
  hooks: {
    // The benchmark page (entrypoints/bench) ships only in the test build, never in the product.
    'entrypoints:resolved': (wxt, entrypoints) => {
      if (wxt.config.mode !== 'e2e') {
        const bench = entrypoints.findIndex((e) => e.name === 'bench');
        if (bench >= 0) entrypoints.splice(bench, 1);
      }
    },
  },
});
