// The house rules, checked on every run: no import loop (type imports count: they tie files together for a
// reader too), utils/ layered so data flows one way, the overlay apart from the extension pages, and no long
// file without a reason stated at its top. See docs/architecture.md.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** utils/ folders from the bottom up: each may import only from itself and those before it. */
const LAYERS = ['model', 'adapters', 'store', 'io', 'analysis', 'transport'] as const;
const LONG_FILE_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) && !name.endsWith('.d.mts') ? [path] : [];
  });
}

const FILES = ['utils', 'components', 'entrypoints', 'tools'].flatMap((dir) => sourceFiles(join(ROOT, dir)));

/** The files a file imports (relative imports only; `import type` included), resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"](\.{1,2}\/[^'"?]+)/g)) {
    const base = resolve(dirname(file), match[1]);
    const found = [base, `${base}.ts`, `${base}.tsx`].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    if (found) targets.push(found);
  }
  return targets;
}

const GRAPH = new Map(FILES.map((file) => [file, importsOf(file).filter((target) => FILES.includes(target))]));
const name = (file: string) => relative(ROOT, file);
const layerOf = (file: string) => /^utils\/([a-z]+)\//.exec(name(file))?.[1] ?? null;

/** Every import loop, as the files around it (Tarjan's strongly connected components). */
function loops(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of GRAPH.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(name(member));
      } while (member !== file);
      if (component.length > 1 || (GRAPH.get(file) ?? []).includes(file)) found.push(component.sort());
    }
  };
  for (const file of GRAPH.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('the house rules', () => {
  it('reads the whole source tree (a broken resolver would pass every rule)', () => {
    expect(FILES.length).toBeGreaterThan(60);
    expect(GRAPH.get(join(ROOT, 'utils/store/tagging.ts'))?.map(name)).toContain('utils/store/db.ts');
  });

  it('has no import loop', () => {
    expect(loops()).toEqual([]);
  });

  it('layers utils/: each folder imports only from itself and the folders below it', () => {
    const upward: string[] = [];
    for (const [file, targets] of GRAPH) {
      const from = layerOf(file);
      if (!from) continue;
      for (const target of targets) {
        const to = layerOf(target);
        if (!to) upward.push(`${name(file)} → ${name(target)} (outside utils/)`);
        else if (LAYERS.indexOf(to as (typeof LAYERS)[number]) > LAYERS.indexOf(from as (typeof LAYERS)[number])) upward.push(`${name(file)} → ${name(target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps utils/model/ free of every other utils/ folder', () => {
    const outside = [...GRAPH].filter(([file]) => layerOf(file) === 'model').flatMap(([file, targets]) => targets.filter((t) => layerOf(t) !== 'model').map((t) => `${name(file)} → ${name(t)}`));
    expect(outside).toEqual([]);
  });

  it('keeps what ships into vendor pages (components/overlay/) apart from the extension pages', () => {
    const crossing = [...GRAPH]
      .filter(([file]) => name(file).startsWith('components/overlay/'))
      .flatMap(([file, targets]) => targets.filter((t) => name(t).startsWith('components/') && !name(t).startsWith('components/overlay/')).map((t) => `${name(file)} → ${name(t)}`));
    expect(crossing).toEqual([]);
  });

  it(`says at its top why any file outside test/ is longer than ${LONG_FILE_LINES} lines`, () => {
    const unexplained = FILES.filter((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      return lines.length > LONG_FILE_LINES && !/long because/i.test(lines.slice(0, 12).join('\n'));
    }).map(name);
    expect(unexplained).toEqual([]);
  });
});
