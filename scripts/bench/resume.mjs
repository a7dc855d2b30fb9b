// Figure 9: an upload that survives the process. The case: a 200 MiB FILE_UPLOAD killed
// (SIGKILL) once TikTok holds 80 MiB, then the same command run again. From the sandbox's own state:
// the bytes and PUTs the rerun sent against the remainder (target 1.00×: only the missing chunks),
// its inits (target 0), and that the post is the same publish ID with the file's exact SHA-256.
// The rerun's wall time is printed against a fresh upload of the whole file in the same run.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, record } from './report.mjs';
import { ourUpload, publishArgs } from './uploaders.mjs';
import { MiB, planChunks, writeVideoRange } from './video.mjs';

const SIZE = 200 * MiB;
const KILL_AT_CHUNK = 8; // 10 MiB chunks: TikTok holds 80 MiB when chunk 8 is held back

async function admin(sandbox, path, body) {
  const res = await fetch(`${sandbox.adminUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  if (res.status !== 200) throw new Error(`sandbox ${path} answered ${res.status}`);
  return res.json();
}

async function sha256(path) {
  const hash = createHash('sha256');
  for await (const part of createReadStream(path)) hash.update(part);
  return hash.digest('hex');
}

/** Runs the CLI until the sandbox holds chunk KILL_AT_CHUNK back, then SIGKILLs it (by its pid). */
async function killedRun({ cli, env, sandbox }, username, media) {
  const state = await admin(sandbox, '/state');
  const hits = state.fault_hits.length;
  await admin(sandbox, '/faults', [
    { endpoint: 'upload', action: 'delay', delayMs: 1500, chunkIndex: KILL_AT_CHUNK },
  ]);
  const child = spawn(process.execPath, [cli, ...publishArgs(username, media)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
  });
  child.stderr.resume();
  const exited = new Promise((resolve) => child.on('close', resolve));
  try {
    for (let i = 0; ; i++) {
      const s = await admin(sandbox, '/state');
      if (s.fault_hits.slice(hits).some((h) => h.action === 'delay' && h.chunkIndex === KILL_AT_CHUNK)) break;
      if (child.exitCode !== null || i > 3000) throw new Error('the upload ended before it could be killed');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGKILL');
  }
  await exited;
  // The sandbox lets go of the dead connection once its delay is over.
  for (;;) {
    const s = await admin(sandbox, '/state');
    if (s.uploads.every((u) => !u.busy)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return JSON.parse(stdout.trim().split('\n')[0]).id;
}

export async function resumedUpload(ctx) {
  const { dataDir, budget } = ctx;
  const path = join(dataDir, 'video-200m.mp4');
  if (!existsSync(path)) await writeVideoRange(path, SIZE);
  const plan = planChunks(SIZE);
  const fresh = await ourUpload(ctx, path);
  log(`   a fresh upload of the whole ${SIZE / MiB} MiB: ${fmt(fresh.ms)} ms`);

  const username = await budget.take();
  const id = await killedRun(ctx, username, path);
  const before = await admin(ctx.sandbox, '/state');
  const upload = before.uploads.find((u) => u.publish_id === id);
  const held = upload.received_bytes;
  const remainder = SIZE - held;
  log(`   killed ${id} with ${fmt(held / MiB, 1)} MiB of ${SIZE / MiB} MiB with TikTok`);

  const rerun = await ourUpload(ctx, path, username);
  const after = await admin(ctx.sandbox, '/state');
  const printed = JSON.parse(rerun.stdout.trim()).id;
  const puts = after.request_counts.upload - before.request_counts.upload;
  const inits = after.request_counts.video_init - before.request_counts.video_init;
  const firstSent = plan.chunks.findIndex((c) => c.start === held);
  const sent = plan.chunks.slice(firstSent, firstSent + puts).reduce((n, c) => n + c.end - c.start + 1, 0);
  const publish = after.publishes.find((p) => p.publish_id === id);
  const line = /Resuming: .*/.exec(rerun.stderr)?.[0] ?? '(no resume line)';
  log(`   rerun: ${line}; ${puts} PUT(s), ${inits} init(s), ${fmt(rerun.ms)} ms`);
  if (process.env.BENCH_DEBUG) log(rerun.stderr);
  if (printed !== id) throw new Error(`the rerun printed ${printed}, not ${id}`);
  if (publish.sha256 !== (await sha256(path)))
    throw new Error('the resumed post does not have the file’s bytes');
  record(
    'resumed upload: bytes sent vs the remainder',
    `${fmt(sent / MiB, 1)} MiB`,
    `${fmt(remainder / MiB, 1)} MiB`,
    sent / remainder,
    '1.00×',
    sent === remainder,
  );
  record('resumed upload: inits in the rerun', String(inits), '', Number.NaN, '0', inits === 0);
  record(
    'resumed upload: time vs a fresh upload',
    `${fmt(rerun.ms)} ms`,
    `${fmt(fresh.ms)} ms`,
    rerun.ms / fresh.ms,
    '—',
    undefined,
  );
}
