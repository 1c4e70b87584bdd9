import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    reporters: ['default', './test/count-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      // Time handling again under two fixed zones (each its own forked process, so TZ holds for the whole run):
      // reconciliation and report times must come out the same wherever the reader's machine is.
      ...(['Asia/Tokyo', 'America/New_York'] as const).map((zone) => ({
        extends: true as const,
        test: {
          name: `unit-tz-${zone.split('/')[1].toLowerCase().replace('_', '-')}`,
          environment: 'happy-dom',
          include: ['test/unit/{zoned-time,reconcile,billed-list,sampling,spot-check,team-sync,tallies,note-index,own-definition,today}.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
          pool: 'forks' as const,
          env: { TZ: zone },
        },
      })),
      // Times shown in the reader's own zone (Zendesk's 72 h line) under UTC and under a zone whose clocks change.
      ...([['UTC', 'utc'], ['America/Los_Angeles', 'los-angeles']] as const).map(([zone, name]) => ({
        extends: true as const,
        test: {
          name: `unit-tz-${name}`,
          environment: 'happy-dom',
          include: ['test/unit/zendesk-clock.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
          pool: 'forks' as const,
          env: { TZ: zone },
        },
      })),
      {
        // Drives the built extension in Debian's Chromium; `npm test` builds first.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
