import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Bottom to top: a room imports only from rooms below it (and itself); cli and ui are peers, neither
// imports the other. cli.tsx, the door, sits on top. README "How the code is laid out".
const RANK: Record<string, number> = {
  shared: 0,
  tiktok: 1,
  store: 2,
  media: 3,
  sources: 4,
  auth: 5,
  core: 6,
  app: 7,
  cli: 8,
  ui: 8,
  door: 9,
};
const ROOT = resolve(import.meta.dirname, '../..');
const SOURCE = join(ROOT, 'source');
const DOOR = join(ROOT, 'cli.tsx');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The room of a path: a folder of source/, 'door' for cli.tsx, 'outside' for anything else. */
function roomOf(path: string): string {
  if (path === DOOR) return 'door';
  const rel = relative(SOURCE, path);
  return rel.startsWith('..') ? 'outside' : rel.split('/')[0]!;
}

/** Every relative import of a text (static, dynamic, type-only, re-exports), as written. */
function specsOf(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The imports of `file` (whose text is `text`) that break a rule, as "file → spec". */
function violations(file: string, text: string): string[] {
  const room = roomOf(file);
  const breaks = (spec: string): boolean => {
    const target = roomOf(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    if (target === 'outside') return true; // source/ never reaches into test/, scripts/ or dist/
    if (target === room || target === 'shared') return false;
    // The sandbox shares nothing with the client but shared/: the runtime starts it in-process
    // (--sandbox), the door runs it alone (agoras sandbox).
    if (room === 'sandbox' || target === 'sandbox')
      return !((room === 'app' && file.endsWith('app/runtime.ts')) || room === 'door');
    return !(RANK[target]! < RANK[room]!);
  };
  return specsOf(text)
    .filter(breaks)
    .map((spec) => `${relative(ROOT, file)} → ${spec}`);
}

const files = [...filesUnder(SOURCE), DOOR];

describe('rooms', () => {
  it('every file is in a known room', () => {
    const unknown = files.map(roomOf).filter((room) => room !== 'sandbox' && RANK[room] === undefined);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('no import runs upward, across the peers cli and ui, out of source/ or into the sandbox', () => {
    expect(files.flatMap((f) => violations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('no file is over 300 lines', () => {
    const long = files.filter((f) => readFileSync(f, 'utf8').split('\n').length > 301);
    expect(long.map((f) => relative(ROOT, f))).toEqual([]);
  });

  describe('the checker catches each kind of break', () => {
    const at = (path: string) => join(SOURCE, path);
    it.each([
      ['upward', at('shared/x.ts'), "import { createAgoras } from '../core/service.js';"],
      ['ui → cli (peers)', at('ui/steps/X.tsx'), "import { renderFix } from '../../cli/fixes.js';"],
      ['cli → ui (peers)', at('cli/x.ts'), "import type { Draft } from '../ui/draft.js';"],
      ['out of source/', at('core/x.ts'), "import { helper } from '../../test/e2e/cli.js';"],
      ['client → sandbox', at('core/x.ts'), "const s = await import('../sandbox/index.js');"],
      ['sandbox → client', at('sandbox/x.ts'), "export { planChunks } from '../tiktok/chunk-plan.js';"],
      ['the door → outside', DOOR, "import { x } from './test/e2e/cli.js';"],
    ])('%s', (_kind, file, line) => {
      expect(violations(file, line)).toHaveLength(1);
    });

    it('and lets a legal import through', () => {
      expect(violations(at('cli/x.ts'), "import type { Runtime } from '../core/runtime.js';")).toEqual([]);
      expect(violations(DOOR, "import { main } from './source/cli/run-command.js';")).toEqual([]);
    });
  });
});
