// Renders docs/design/icon.svg into public/icon/{16,32,48,128}.png with Debian's Chromium (run after changing the
// mark: `node test/demo/render-icons.mjs`). The PNGs are committed; builds never need a browser for them.
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svg = await readFile(new URL('../../docs/design/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
try {
  for (const size of [16, 32, 48, 128]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="data:image/svg+xml,${encodeURIComponent(svg)}" width="${size}" height="${size}">`);
    await page.locator('img').evaluate((img) => img.decode());
    await writeFile(new URL(`../../public/icon/${size}.png`, import.meta.url), await page.screenshot({ omitBackground: true }));
    await page.close();
  }
} finally {
  await browser.close();
}
