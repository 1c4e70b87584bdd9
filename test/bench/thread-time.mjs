// Where a long task's wall time went, from Linux's own accounting of the page's main thread
// (/proc/<pid>/task/<pid>/schedstat: nanoseconds on a CPU, nanoseconds runnable but waiting for one). A long task
// the thread ran for is the page's own work; one it waited through is these two cores shared with the browser's
// own threads (IndexedDB, LevelDB compaction); the rest it was blocked (neither running nor runnable).
import { readdirSync, readFileSync } from 'node:fs';

const readStat = (pid) => {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { run, wait };
};

/** Chromium's extension renderer processes (extension pages and the service worker run in them). */
export function extensionRenderers() {
  if (!process.platform.startsWith('linux')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('--type=renderer') && cmd.includes('--extension-process');
      } catch {
        return false;
      }
    });
}

/**
 * Samples the main threads of `pids` every 5 ms until stopped. `explain(from, to)` (wall-clock ms, as
 * performance.timeOrigin + startTime) answers, per pid, the ms the thread ran and waited for a CPU in that window.
 */
export function sampleMainThreads(pids) {
  const samples = [];
  const take = () => {
    const at = performance.timeOrigin + performance.now();
    const stats = {};
    for (const pid of pids) {
      try {
        stats[pid] = readStat(pid);
      } catch {
        // the process ended
      }
    }
    samples.push({ at, stats });
  };
  take();
  const timer = setInterval(take, 5);
  const nearest = (t) => samples.reduce((best, s) => (Math.abs(s.at - t) < Math.abs(best.at - t) ? s : best));
  return {
    stop() {
      clearInterval(timer);
      take();
    },
    explain(from, to) {
      const a = nearest(from);
      const b = nearest(to);
      return pids
        .filter((pid) => a.stats[pid] && b.stats[pid])
        .map((pid) => ({ pid, ranMs: (b.stats[pid].run - a.stats[pid].run) / 1e6, waitedMs: (b.stats[pid].wait - a.stats[pid].wait) / 1e6 }));
    },
  };
}
