import { launchWithExtension, E2E_EXTENSION_DIR } from './test/support/browser.mjs';
const browser = await launchWithExtension({ extensionDir: E2E_EXTENSION_DIR, userDataDir: process.env.PROFILE });
const dashboard = await browser.context.newPage();
dashboard.setDefaultTimeout(600_000);
const t0 = Date.now();
await dashboard.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
await dashboard.locator('section.figures[data-shown="true"]').waitFor();
await dashboard.locator('[data-conv-key]').first().waitFor();
console.log('open', Date.now() - t0, 'ms');
await dashboard.waitForTimeout(Number(process.env.WAIT ?? 3000));
const cdp = await browser.context.newCDPSession(dashboard);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
const summarize = (profile, label) => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const ms = (profile.endTime - profile.startTime) / 1000;
  for (const [id, c] of counts) {
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + c);
  }
  console.log(`--- ${label}: ${ms.toFixed(0)} ms profiled, top self time`);
  for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((c / total) * ms).toFixed(1).padStart(8)} ms  ${k}`);
};
const filterOnce = (value) =>
  dashboard.evaluate(
    (value) =>
      new Promise((resolve) => {
        const figure = document.querySelector('[data-figure="billed"]');
        const before = figure.textContent;
        const rowsFor = `.vtable[data-view="${value ? `?verdict=${value}` : ''}"] [data-conv-key]`;
        const observer = new MutationObserver(() => {
          if (figure.textContent !== before && document.querySelector(rowsFor)) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const select = document.querySelector('select[name="verdict"]');
        const t0 = performance.now();
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    value,
  );
const searchOnce = (text) =>
  dashboard.evaluate(
    (text) =>
      new Promise((resolve) => {
        const view = `?${new URLSearchParams({ text })}`;
        const done = () =>
          document.querySelector('[data-figure="search"]')?.textContent.includes(`searched for “${text}”`) &&
          (document.querySelector(`.vtable[data-view="${view}"] [data-conv-key]`) || document.querySelector('p.empty'));
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const input = document.querySelector('input[name="text"]');
        const t0 = performance.now();
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    text,
  );
if (!process.env.NOPROF) await cdp.send('Profiler.start');
const ft = [];
for (let i = 0; i < 20; i++) ft.push(Math.round(await filterOnce(i % 2 ? '' : 'false')));
if (!process.env.NOPROF) summarize((await cdp.send('Profiler.stop')).profile, 'filters');
console.log('filters', ft.join(' '));
const first = await searchOnce('not fixed');
console.log('first search', Math.round(first));
if (!process.env.NOPROF) await cdp.send('Profiler.start');
const st = [];
for (const text of ['ticket 7', 'order 12', 'not fixed', 'fixed', 'order 4', 'see ticket', 'customer wrote', 'ticket 70', 'order 3', 'zzz']) st.push(Math.round(await searchOnce(text)));
if (!process.env.NOPROF) summarize((await cdp.send('Profiler.stop')).profile, 'searches');
console.log('searches', st.join(' '));
await browser.context.close();
