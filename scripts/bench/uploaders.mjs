// The two uploaders figures 3–5 compare: our whole CLI process publishing one video (FILE_UPLOAD of a
// local file, or a URL it downloads and uploads), and one curl process PUTting the same chunk plan
// from pre-split chunk files (written beforehand and not timed; the init is made before curl starts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessToken, curlChunks, initFileUpload } from './services.mjs';
import { measureNode } from './util.mjs';
import { writeVideoRange } from './video.mjs';

export const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** Writes the chunk files of a fake video of `size` bytes for curl (not timed). */
export async function writeChunkFiles(dir, size, plan) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (const c of plan.chunks) {
    const path = join(dir, `chunk-${c.index}`);
    await writeVideoRange(path, size, c.start, c.end + 1);
    out.push(path);
  }
  return out;
}

/** The command figures 3–5 and 7 run: a SELF_ONLY video, not waiting for processing. */
export function publishArgs(username, media) {
  return [
    'publish',
    '--network',
    'tiktok',
    '--action',
    'video',
    '--tiktok-username',
    username,
    '--tiktok-video-url',
    media,
    '--tiktok-title',
    'bench',
    '--tiktok-privacy-status',
    'SELF_ONLY',
    '--no-wait',
  ];
}

/** `agoras publish --action video MEDIA --no-wait` (a path or a URL), measured by measureNode. */
export async function ourUpload({ cli, env, tmp, budget }, media, account) {
  const username = account ?? (await budget.take());
  const r = await measureNode(cli, publishArgs(username, media), { env, tmp, timeoutMs: 300_000 });
  if (r.code !== 0 || !/"id":/.test(r.stdout)) {
    throw new Error(`agoras publish ${media} exited ${r.code}: ${r.stderr.trim().slice(-400)}`);
  }
  return r;
}

/** An untimed init, then curl's wall time for every chunk of `plan`. */
export async function curlUpload({ sandbox, budget, configDir }, plan, chunkFiles) {
  const username = await budget.take();
  const uploadUrl = await initFileUpload(sandbox.tiktokApiBaseUrl, accessToken(configDir, username), plan);
  return curlChunks(uploadUrl, plan, chunkFiles);
}
