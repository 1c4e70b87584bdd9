// The store packages as a reviewer sees them: the Firefox build linted by Mozilla's own `web-ext lint` (offline),
// every warning explained in docs/store-review.md, no code that evaluates strings in any built file, icons at the
// sizes the stores ask for, and only the hosts a feature needs. Runs on the builds `npm test` makes first.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIREFOX = join(ROOT, '.output', 'firefox-mv3');
const CHROME = join(ROOT, '.output', 'chrome-mv3');
const run = promisify(execFile);

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}
interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && keep(path));
}

/** The width and height a PNG declares in its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** Each row of the store-review table of lint warnings: the code and the file globs it covers. */
function explainedWarnings(): { code: string; files: RegExp[] }[] {
  const doc = readFileSync(join(ROOT, 'docs', 'store-review.md'), 'utf8');
  const section = doc.split('## `web-ext lint`')[1].split('\n## ')[0];
  return section
    .split('\n')
    .filter((line) => /^\| `[A-Z_]+`/.test(line))
    .map((line) => {
      const [, codeCell, filesCell] = line.split('|');
      const code = /`([A-Z_]+)`/.exec(codeCell)![1];
      const files = [...filesCell.matchAll(/`([^`]+)`/g)].map(
        ([, glob]) => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`),
      );
      return { code, files };
    });
}

describe('the Firefox package', () => {
  let report: LintReport;
  beforeAll(async () => {
    expect(existsSync(join(FIREFOX, 'manifest.json')), 'run `wxt build -b firefox` first (npm test does)').toBe(true);
    const bin = join(ROOT, 'node_modules', '.bin', 'web-ext');
    // web-ext exits non-zero when it finds errors; the JSON report is on stdout either way.
    const { stdout } = await run(bin, ['lint', '--source-dir', FIREFOX, '--output', 'json', '--no-config-discovery'], { cwd: ROOT }).catch(
      (e: { stdout: string }) => ({ stdout: e.stdout }),
    );
    report = JSON.parse(stdout) as LintReport;
  }, 120_000);

  it('has no lint errors', () => {
    expect(report.errors.map((m) => `${m.code} ${m.file}: ${m.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });

  it('has no warning that docs/store-review.md does not explain for that file', () => {
    const explained = explainedWarnings();
    expect(explained.length).toBeGreaterThan(0);
    const unexplained = [...report.warnings, ...report.notices].filter(
      (m) => !explained.some((row) => row.code === m.code && row.files.some((glob) => glob.test(m.file ?? ''))),
    );
    expect(unexplained.map((m) => `${m.code} ${m.file}: ${m.message}`)).toEqual([]);
  });

  it('declares its id, minimum versions and that it collects nothing', () => {
    const gecko = manifestOf(FIREFOX).browser_specific_settings;
    expect(gecko.gecko.id).toMatch(/^\{[0-9a-f-]{36}\}$/);
    expect(gecko.gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(gecko.gecko.strict_min_version).toBe('140.0');
    expect(gecko.gecko_android.strict_min_version).toBe('142.0');
    expect(manifestOf(FIREFOX).background).toEqual({ scripts: ['background.js'] });
  });
});

describe.each([
  ['Chrome', CHROME],
  ['Firefox', FIREFOX],
])('the %s package', (_name, dir) => {
  it('has icons at 16, 32, 48 and 128 px, each that size', () => {
    const icons = manifestOf(dir).icons as Record<string, string>;
    expect(Object.keys(icons).sort((a, b) => Number(a) - Number(b))).toEqual(['16', '32', '48', '128']);
    for (const [size, file] of Object.entries(icons)) expect(pngSize(join(dir, file))).toEqual([Number(size), Number(size)]);
  });

  it('is granted no host by installing, and asks at runtime only for what a feature needs', () => {
    const manifest = manifestOf(dir);
    // The helpdesks are asked for on the welcome page (their readers are registered at runtime, not listed).
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    // https for profiles, Intercom API regions and team servers; http only for a team server on this computer.
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*']);
    // offscreen (Chrome only): a team pull's pages are checked in a worker, which a service worker cannot start.
    expect(manifest.permissions).toEqual(dir === CHROME ? ['scripting', 'storage', 'alarms', 'offscreen'] : ['scripting', 'storage', 'alarms']);
  });

  it('ships a privacy page and no file that evaluates strings as code', () => {
    expect(readFileSync(join(dir, 'privacy.html'), 'utf8')).toContain('What leaves this browser');
    const scripts = filesUnder(dir, (path) => path.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(5);
    const evaluating = scripts.filter((path) => /\beval\s*\(|[=(,:]\s*eval\b|new Function\s*\(/.test(readFileSync(path, 'utf8')));
    expect(evaluating.map((path) => relative(dir, path))).toEqual([]);
  });
});

describe('Recount’s own source', () => {
  it('never writes HTML into the DOM or evaluates strings (so the innerHTML lint warning is Preact’s unused path)', () => {
    const sources = ['components', 'entrypoints', 'utils'].flatMap((top) =>
      filesUnder(join(ROOT, top), (path) => /\.(ts|tsx|mjs|cjs|js|html)$/.test(path)),
    );
    expect(sources.length).toBeGreaterThan(50);
    const risky = /\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|\beval\s*\(|new Function\s*\(/;
    expect(sources.filter((path) => risky.test(readFileSync(path, 'utf8'))).map((path) => relative(ROOT, path))).toEqual([]);
  });
});

describe('npm run zip', () => {
  it('leaves every git-ignored file out of the Firefox sources zip', async () => {
    // A clean clone has no ignored files: make one, as a demo run or a bench would.
    const probe = join(ROOT, 'demo-screenshots', 'store-probe.png');
    const made = !existsSync(probe);
    mkdirSync(join(ROOT, 'demo-screenshots'), { recursive: true });
    writeFileSync(probe, 'probe');
    onTestFinished(() => (made ? rmSync(probe) : undefined));
    await run(join(ROOT, 'node_modules', '.bin', 'wxt'), ['zip', '-b', 'firefox'], { cwd: ROOT });
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const sourcesZip = join(ROOT, '.output', `recount-${version}-sources.zip`);
    expect(existsSync(join(ROOT, '.output', `recount-${version}-firefox.zip`))).toBe(true);
    // The zip's directory, read without inflating anything.
    const entries: string[] = [];
    unzipSync(readFileSync(sourcesZip), { filter: (file) => (entries.push(file.name), false) });
    expect(entries).toContain('package.json');
    expect(entries).toContain('entrypoints/privacy.html');
    expect(entries).not.toContain('demo-screenshots/store-probe.png');
    // git check-ignore names every entry git would ignore (exit 1 when none is).
    const ignored = await run('git', ['check-ignore', '--no-index', ...entries], { cwd: ROOT }).then(
      ({ stdout }) => stdout.split('\n').filter(Boolean),
      (e: { code: number; stdout: string }) => (e.code === 1 ? [] : Promise.reject(e)),
    );
    expect(ignored).toEqual([]);
  }, 120_000);
});
