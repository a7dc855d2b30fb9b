import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../source/sandbox/index.js';
import {
  CORPUS,
  type CorpusRow,
  corpus,
  type FileServer,
  padMdats,
  serveDir,
  title,
} from '../media/helpers.js';
import { api, authorizeSandbox, putChunk, waitForStatus } from './helpers.js';

/** The fail_reason TikTok gives what the preflight refuses, by the preflight's rule. */
const FAIL_REASON: Record<string, string> = {
  container: 'file_format_check_failed',
  truncated: 'file_format_check_failed',
  'no-video': 'file_format_check_failed',
  codec: 'file_format_check_failed',
  fps: 'frame_rate_check_failed',
  dimensions: 'picture_size_check_failed',
  duration: 'duration_check_failed',
  'image-format': 'file_format_check_failed',
  'image-dimensions': 'picture_size_check_failed',
};
const TYPES: Record<string, string> = { mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' };
const MiB = 1024 * 1024;

let sandbox: Sandbox;
let token: string;
let server: FileServer;
let tmp: string;
const big: Record<string, string> = {};
/** A spool as a sandbox killed by a signal leaves it: its process is gone, no exit hook ran. */
const orphan = join(
  tmpdir(),
  `agoras-sandbox-${spawnSync(process.execPath, ['-e', '0']).pid}-00112233aabbccdd.media`,
);

beforeAll(async () => {
  writeFileSync(orphan, 'left behind');
  sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 5, rateLimits: false });
  token = (await authorizeSandbox(sandbox)).access_token;
  tmp = mkdtempSync(join(tmpdir(), 'agoras-verdict-'));
  big.far = padMdats(join(CORPUS, 'h264-moov-end.mp4'), join(tmp, 'far-moov.mp4'), 100 * MiB);
  big.frag = padMdats(join(CORPUS, 'dur-3s-fragmented.mp4'), join(tmp, 'fragmented.mp4'), 12 * MiB);
  server = await serveDir(CORPUS, { extra: { 'far-moov.mp4': big.far, 'fragmented.mp4': big.frag } });
});
afterAll(async () => {
  rmSync(orphan, { force: true });
  await sandbox.close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** FILE_UPLOAD of `bytes` the way TikTok's guide says: one chunk under 5 MiB, else 5 MiB chunks. */
async function upload(bytes: Buffer, type: string): Promise<string> {
  const chunk = Math.min(bytes.length, 5 * MiB);
  const count = Math.floor(bytes.length / chunk);
  const init = await api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level: 'SELF_ONLY', title: 'verdict' },
    source_info: {
      source: 'FILE_UPLOAD',
      video_size: bytes.length,
      chunk_size: chunk,
      total_chunk_count: count,
    },
  });
  expect(init.status).toBe(200);
  const { publish_id, upload_url } = init.json.data;
  for (let i = 0; i < count; i++) {
    const end = i === count - 1 ? bytes.length : (i + 1) * chunk;
    const res = await putChunk(upload_url, bytes.subarray(i * chunk, end), i * chunk, bytes.length, type);
    expect(res.status).toBe(i === count - 1 ? 201 : 206);
  }
  return publish_id;
}

async function pull(url: string): Promise<string> {
  const init = await api(sandbox, '/v2/post/publish/video/init/', token, {
    post_info: { privacy_level: 'SELF_ONLY', title: 'verdict' },
    source_info: { source: 'PULL_FROM_URL', video_url: url },
  });
  expect(init.status).toBe(200);
  return init.json.data.publish_id;
}

async function finalState(publishId: string) {
  return (await waitForStatus(sandbox, token, publishId, (s) => !s.startsWith('PROCESSING'), 15_000)).data;
}

function expectVerdict(row: CorpusRow, data: { status: string; fail_reason?: string }) {
  if (row.verdict === 'accept') expect(data).toMatchObject({ status: 'PUBLISH_COMPLETE' });
  else expect(data).toMatchObject({ status: 'FAILED', fail_reason: FAIL_REASON[row.rule!] });
}

const withMax = async <T>(max: number | undefined, fn: () => Promise<T>): Promise<T> => {
  sandbox.state.creator.max_video_post_duration_sec = max ?? 600;
  try {
    return await fn();
  } finally {
    sandbox.state.creator.max_video_post_duration_sec = 600;
  }
};

const videos = corpus.filter((row) => row.kind === 'video');
const images = corpus.filter((row) => row.kind === 'image');

describe('the sandbox fails what TikTok fails, after a FILE_UPLOAD', () => {
  for (const row of videos) {
    it(title(row), async () => {
      const bytes = readFileSync(join(CORPUS, row.file));
      const type = TYPES[row.file.split('.').pop()!]!;
      const id = await withMax(row.maxDurationSec, async () => {
        const publishId = await upload(bytes, type);
        expectVerdict(row, await finalState(publishId));
        return publishId;
      });
      // What the sandbox's own reader measured agrees with what the corpus says the file is.
      if (row.verdict === 'accept') {
        const record = sandbox.state.publishes.get(id)!;
        expect(record.duration_sec).toBeCloseTo(Number(row.facts!.durationSec), 2);
        expect(record.container).toBe(row.file.endsWith('.webm') ? 'webm' : 'mp4');
      }
    });
  }
});

describe('the sandbox fails what TikTok fails, after a PULL_FROM_URL', () => {
  for (const row of videos) {
    it(title(row), async () => {
      expectVerdict(
        row,
        await withMax(row.maxDurationSec, async () => finalState(await pull(server.url(row.file)))),
      );
    });
  }
});

describe('big files, judged whole', () => {
  it('a 100 MiB far-moov upload in 5 MiB chunks publishes, with the moov read at the end', async () => {
    const id = await upload(readFileSync(big.far!), 'video/mp4');
    expect(await finalState(id)).toMatchObject({ status: 'PUBLISH_COMPLETE' });
    expect(sandbox.state.publishes.get(id)).toMatchObject({ container: 'mp4', duration_sec: 2 });
  });

  it('a pulled 36 MiB fragmented file gets its 3 s from the fragments, and fails a 2 s account', async () => {
    const id = await withMax(2, async () => {
      const publishId = await pull(server.url('fragmented.mp4'));
      expect(await finalState(publishId)).toMatchObject({
        status: 'FAILED',
        fail_reason: 'duration_check_failed',
      });
      return publishId;
    });
    expect(sandbox.state.publishes.get(id)?.duration_sec).toBe(3);
  });

  it('leaves no spool file behind once the publishes are judged', () => {
    const mine = readdirSync(tmpdir()).filter((name) => name.startsWith(`agoras-sandbox-${process.pid}-`));
    expect(mine).toEqual([]);
  });

  it('deletes the spools of sandbox processes that died without cleaning up', () => {
    expect(existsSync(orphan)).toBe(false);
  });
});

describe('photo posts', () => {
  for (const row of images) {
    it(`a carousel of a good JPEG and ${title(row)}`, async () => {
      const res = await api(sandbox, '/v2/post/publish/content/init/', token, {
        post_info: { title: 'Slides', privacy_level: 'SELF_ONLY' },
        source_info: {
          source: 'PULL_FROM_URL',
          photo_images: [server.url('jpeg-1080x1920.jpg'), server.url(row.file)],
          photo_cover_index: 0,
        },
        post_mode: 'DIRECT_POST',
        media_type: 'PHOTO',
      });
      expect(res.status).toBe(200);
      expectVerdict(row, await finalState(res.json.data.publish_id));
    });
  }
});

describe('independence', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => join(e.parentPath, e.name));
  const imports = (file: string) =>
    [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

  const root = join(import.meta.dirname, '..', '..', 'source');

  it("the sandbox never imports the client's preflight, nor mp4box.js (the client's MP4 reader)", () => {
    for (const file of sources(join(root, 'sandbox'))) {
      for (const spec of imports(file))
        expect(spec, file).not.toMatch(/media\/inspect|^mp4box$|^image-size$/);
    }
  });

  it("the sandbox's WebM and photo readers are its own code (the client reads WebM with MediaInfoLib)", () => {
    for (const name of ['webm.ts', 'image.ts']) {
      for (const spec of imports(join(root, 'sandbox', 'media', name))) expect(spec).toMatch(/^(\.\/|node:)/);
    }
  });

  it('the preflight imports only node built-ins, its libraries, itself and shared/ (no reader of ours)', () => {
    for (const file of sources(join(root, 'media', 'inspect'))) {
      for (const spec of imports(file)) {
        expect(spec, file).toMatch(
          /^(node:|undici$|mediainfo\.js$|mp4box$|image-size$|\.\/|\.\.\/\.\.\/shared\/)/,
        );
      }
    }
  });
});
