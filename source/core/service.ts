import { authorize } from '../auth/authorize.js';
import { checkImageUrl, checkVideoUrl } from '../media/media-check.js';
import { openVideo } from '../media/open-video.js';
import { isUrl } from '../media/video-source.js';
import { AgorasError } from '../shared/errors.js';
import { silentReporter } from '../shared/reporter.js';
import { registerSecret } from '../shared/secrets.js';
import { publishJob } from './publish.js';
import { durationProblem } from './rules.js';
import { clientFor, followConsent, publishDepsFor, type Runtime } from './runtime.js';
import { sourceServices } from './service-sources.js';
import type { MediaCheck, Agoras } from './service-types.js';

function failure(error: unknown): MediaCheck {
  return {
    ok: false,
    message: error instanceof AgorasError ? error.message : `Could not check it: ${(error as Error).message}`,
  };
}

/** The wizard's view of core: the same functions headless uses, behind the Agoras interface. */
export function createAgoras(
  runtime: Runtime,
  options: { openBrowser?(url: string): Promise<void> } = {},
): Agoras {
  const now = Date.now;
  return {
    ...sourceServices(runtime),
    async listAccounts() {
      const defaultName = runtime.store.defaultAccount();
      return Object.values(runtime.store.accounts())
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((a) => ({
          username: a.username,
          nickname: a.nickname,
          isDefault: a.username === defaultName,
          // In the sandbox every run is a new emulator: its saved tokens are from an earlier one.
          state:
            a.refreshExpiresAt > now() && (!runtime.sandbox || a.clientKey === runtime.sandbox.clientKey)
              ? ('ready' as const)
              : ('needs-auth' as const),
        }));
    },
    async savedCredentials(username) {
      if (runtime.sandbox) return { clientKey: runtime.sandbox.clientKey, hasSecret: true };
      const saved = runtime.store.account(username);
      return saved ? { clientKey: saved.clientKey, hasSecret: Boolean(saved.clientSecret) } : undefined;
    },
    async authorize(request) {
      const saved = runtime.store.account(request.username);
      const clientKey = runtime.sandbox?.clientKey ?? (request.clientKey || saved?.clientKey || '');
      const clientSecret =
        runtime.sandbox?.clientSecret ?? (request.clientSecret || saved?.clientSecret || '');
      registerSecret(clientSecret);
      const result = await authorize({
        username: request.username,
        clientKey,
        clientSecret,
        redirectUri: runtime.sandbox
          ? 'http://127.0.0.1:0/callback/'
          : runtime.env.TIKTOK_REDIRECT_URI || undefined,
        authUrl: runtime.authUrl,
        apiBaseUrl: runtime.apiBaseUrl,
        http: runtime.http,
        store: runtime.store,
        reporter: silentReporter,
        signal: request.signal,
        onUrl(url) {
          // The sandbox consents at once: play the browser's part so the flow runs for real,
          // without printing a URL nobody needs to open.
          if (runtime.sandbox) setTimeout(() => void followConsent(url).catch(() => {}), 400);
          else request.onUrl(url);
        },
        openBrowser: runtime.sandbox ? undefined : options.openBrowser,
      });
      return {
        username: result.username,
        nickname: result.nickname,
        isDefault: runtime.store.defaultAccount() === result.username,
        state: 'ready',
      };
    },
    creatorInfo(username) {
      return clientFor(username, runtime).creatorInfo();
    },
    async checkVideo(input, creator) {
      try {
        if (isUrl(input)) {
          const probe = await checkVideoUrl(input, runtime.http.media);
          const problem = durationProblem(probe.durationSec, creator);
          return problem
            ? { ok: false, message: problem }
            : { ok: true, size: probe.size, durationSec: probe.durationSec, contentType: probe.type };
        }
        const video = await openVideo(input, runtime.http.media);
        await video.close();
        const problem = durationProblem(video.durationSec, creator);
        return problem
          ? { ok: false, message: problem }
          : { ok: true, size: video.size, durationSec: video.durationSec, contentType: video.contentType };
      } catch (error) {
        return failure(error);
      }
    },
    async checkImage(url) {
      try {
        const { type, size } = await checkImageUrl(url, runtime.http.media);
        return { ok: true, contentType: type, size };
      } catch (error) {
        return failure(error);
      }
    },
    async publish(username, job, reporter, signal) {
      const result = await publishJob(job, publishDepsFor(runtime, username, reporter, signal));
      // The wizard always waits for processing, so a final status is there.
      return { publishId: result.publishId, status: result.status! };
    },
  };
}
