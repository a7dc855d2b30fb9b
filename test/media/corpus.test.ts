import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileReader,
  type ImageFacts,
  inspectImage,
  inspectVideo,
  type MediaRefusal,
  type RangeReader,
  urlReader,
  type VideoFacts,
} from '../../source/media/inspect/index.js';
import { CORPUS, type CorpusRow, corpus, type FileServer, serveDir, title } from './helpers.js';

const dispatcher = new Agent();
let server: FileServer;
beforeAll(async () => {
  server = await serveDir(CORPUS);
});
afterAll(async () => {
  await server.close();
  await dispatcher.close();
});

async function inspect(row: CorpusRow, reader: RangeReader): Promise<VideoFacts | ImageFacts | MediaRefusal> {
  try {
    return row.kind === 'video'
      ? await inspectVideo(reader, {
          label: row.file,
          ...(row.maxDurationSec !== undefined ? { maxDurationSec: row.maxDurationSec } : {}),
        })
      : await inspectImage(reader, { label: row.file });
  } finally {
    await reader.close();
  }
}

function expectVerdict(row: CorpusRow, got: VideoFacts | ImageFacts | MediaRefusal): void {
  if (row.verdict === 'accept') {
    expect(got).toMatchObject({ ok: true, ...row.facts });
    return;
  }
  expect(got).toMatchObject({ ok: false, rule: row.rule });
  expect((got as MediaRefusal).found).toContain(row.found);
}

describe('preflight of every corpus file, read from disk', () => {
  for (const row of corpus) {
    it(title(row), async () => {
      expectVerdict(row, await inspect(row, fileReader(join(CORPUS, row.file))));
    });
  }
});

describe('preflight of every corpus file, read by URL with Range requests', () => {
  for (const row of corpus) {
    it(title(row), async () => {
      const before = server.sent;
      const got = await inspect(row, urlReader(server.url(row.file), { dispatcher }));
      expectVerdict(row, got);
      if (got.ok) expect(got.bytesRead).toBe(server.sent - before);
    });
  }
});

describe('the corpus README', () => {
  const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
  const rows = readme
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('has one table row per expected.json row, in order, with the same verdict', () => {
    const described = rows.map(([, file, , verdict]) => `${file!.replace(/`/g, '')} ${verdict}`);
    const wanted = corpus.map((row) => {
      const max = row.maxDurationSec !== undefined ? ` (max ${row.maxDurationSec} s)` : '';
      const verdict = row.verdict === 'accept' ? 'accept' : `refuse: ${row.rule}`;
      return `${row.file}${max} ${verdict}`;
    });
    expect(described).toEqual(wanted);
  });

  it('covers every committed media file', () => {
    const listed = new Set(rows.map(([, file]) => file!.replace(/`/g, '').replace(/ \(max \d+ s\)$/, '')));
    const files = readdirSync(CORPUS).filter((name) => !['README.md', 'expected.json'].includes(name));
    expect(files.sort()).toEqual([...listed].sort());
  });
});
