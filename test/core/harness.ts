import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, tokenFields } from '../../source/auth/session.js';
import { type PublishDeps, publishJob } from '../../source/core/publish.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../source/sandbox/index.js';
import { createHttp, type Http } from '../../source/shared/http.js';
import type { PostJob, VideoJob } from '../../source/shared/post-job.js';
import { type Reporter, silentReporter } from '../../source/shared/reporter.js';
import { FileStateStore } from '../../source/store/file-store.js';
import { TikTokClient } from '../../source/tiktok/client.js';
import { authorizeSandbox, makeVideoBytes } from '../sandbox/helpers.js';

export interface Harness {
  sandbox: Sandbox;
  store: FileStateStore;
  http: Http;
  dir: string;
  client: TikTokClient;
  session: Session;
  publish(job: PostJob, extra?: Partial<PublishDeps>): ReturnType<typeof publishJob>;
  /** Writes a deterministic fake MP4 of `size` bytes and returns its path and bytes. */
  video(size: number): { path: string; bytes: Buffer };
  close(): Promise<void>;
}

/** A sandbox, a private store with an authorized account 'ana', and the real client on top: core without the CLI. */
export async function createHarness(options: SandboxOptions = {}, http?: Http): Promise<Harness> {
  const sandbox = await startSandbox({ statusDelayMs: 20, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'agoras-core-'));
  const store = new FileStateStore({ configDir: dir });
  const tokens = await authorizeSandbox(sandbox);
  await store.saveAccount({
    username: 'ana',
    clientKey: sandbox.clientKey,
    clientSecret: sandbox.clientSecret,
    ...tokenFields(tokens, Date.now()),
    updatedAt: Date.now(),
  });
  const h = http ?? createHttp({ retryBaseMs: 10, timeoutMs: 2000 });
  const base = sandbox.urls.tiktokApiBaseUrl;
  const session = new Session(store, 'ana', base, h);
  const client = new TikTokClient(session, base, h);
  let n = 0;
  return {
    sandbox,
    store,
    http: h,
    dir,
    client,
    session,
    publish: (job, extra = {}) =>
      publishJob(job, { client, http: h, reporter: silentReporter, pollIntervalMs: 20, ...extra }),
    video(size) {
      const bytes = makeVideoBytes(size);
      const path = join(dir, `video-${n++}.mp4`);
      writeFileSync(path, bytes);
      return { path, bytes };
    },
    async close() {
      await h.close();
      await sandbox.close();
    },
  };
}

/** A SELF_ONLY video job for a path or URL. */
export function videoJob(media: string, extra: Partial<VideoJob> = {}): VideoJob {
  return {
    kind: 'video',
    media,
    title: 'test',
    privacy: 'SELF_ONLY',
    allowComments: false,
    allowDuet: false,
    allowStitch: false,
    brand: { organic: false, content: false },
    source: 'upload',
    mode: 'direct',
    ...extra,
  };
}

/**
 * A reporter that stops the run as a crash would once TikTok (the sandbox) holds `chunks` chunks.
 * Progress is also told while a chunk is sent, so the chunks are counted at TikTok.
 */
export function crashAfterChunks(h: Harness, controller: AbortController, chunks: number): Reporter {
  return {
    ...silentReporter,
    progress() {
      const taken = [...h.sandbox.state.uploads.values()].reduce((n, u) => n + u.chunks_received, 0);
      if (taken >= chunks && !controller.signal.aborted) controller.abort(new Error('crash'));
    },
  };
}
