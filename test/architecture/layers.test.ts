import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Bottom to top: a room imports only from rooms below it (and itself). README "How the code is laid out".
const ROOMS = ['shared', 'tiktok', 'store', 'media', 'sources', 'auth', 'core', 'app', 'cli', 'ui'];
const SOURCE = resolve(import.meta.dirname, '../../source');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of a file (static, dynamic and type-only), as the room it lands in. */
function importsOf(file: string): { spec: string; room: string }[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((spec) => ({ spec, room: roomOf(resolve(dirname(file), spec)) }));
}

function roomOf(path: string): string {
  const rel = relative(SOURCE, path);
  return rel.startsWith('..') ? 'outside' : rel.split('/')[0]!;
}

const files = filesUnder(SOURCE);

describe('rooms', () => {
  it('every file is in a known room', () => {
    const unknown = files.map(roomOf).filter((room) => room !== 'sandbox' && !ROOMS.includes(room));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('no import runs upward or across the sandbox boundary', () => {
    const violations: string[] = [];
    for (const file of files) {
      const room = roomOf(file);
      for (const imported of importsOf(file)) {
        const ok =
          imported.room === room ||
          imported.room === 'shared' ||
          (room !== 'sandbox' && imported.room !== 'sandbox'
            ? ROOMS.indexOf(imported.room) < ROOMS.indexOf(room)
            : false);
        if (!ok) violations.push(`${relative(SOURCE, file)} → ${imported.spec}`);
      }
    }
    // The built-in emulator is started by the runtime, the only client module allowed to reach it.
    expect(violations.filter((v) => !/^app\/runtime\.ts → \.\.\/sandbox\/index\.js$/.test(v))).toEqual([]);
  });

  it('the sandbox shares no code with the client but shared/', () => {
    const reached = files
      .filter((f) => roomOf(f) === 'sandbox')
      .flatMap((f) => importsOf(f).map((i) => i.room))
      .filter((room) => room !== 'sandbox' && room !== 'shared');
    expect([...new Set(reached)]).toEqual([]);
  });

  it('no file is over 300 lines', () => {
    const long = files.filter((f) => readFileSync(f, 'utf8').split('\n').length > 301);
    expect(long.map((f) => relative(SOURCE, f))).toEqual([]);
  });

  it('the checker sees a violation when there is one', () => {
    // Guards the regex: a known import of a lower room from a higher one must be found.
    const cli = files.find((f) => f.endsWith('cli/run-command.ts'))!;
    expect(importsOf(cli).some((i) => i.room === 'shared')).toBe(true);
  });
});
