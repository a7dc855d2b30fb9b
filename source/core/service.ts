import { authorize, DEFAULT_REDIRECT_URI } from '../auth/authorize.js';
import { isUrl } from '../media/video-source.js';
import { AgorasError } from '../shared/errors.js';
import { silentReporter } from '../shared/reporter.js';
import { registerSecret } from '../shared/secrets.js';
import { checkAccounts, isReady, removeAccount, setDefaultAccount } from './accounts.js';
import { usageOf } from './caps.js';
import { checkImageInput, checkVideoInput } from './check-media.js';
import { convertLocalVideo, previewConversions, videoFixOffer } from './fix-media.js';
import { checkMediaHost, savedMediaHost, saveMediaHost } from './media-host-config.js';
import { checkLocalImage, convertLocalPhoto, photoOffer } from './photo-host.js';
import { publishJob } from './publish.js';
import {
  clientFor,
  ensureSandboxAccount,
  followConsent,
  publishDepsFor,
  type Runtime,
  SANDBOX_USERNAME,
} from './runtime.js';
import { recordServices } from './service-records.js';
import { sourceRuns } from './service-runs.js';
import { sourceServices } from './service-sources.js';
import type { Agoras, MediaCheck } from './service-types.js';

function failure(error: unknown): MediaCheck {
  return {
    ok: false,
    message: error instanceof AgorasError ? error.message : `Could not check it: ${(error as Error).message}`,
  };
}

/**
 * The one service both front ends call: the wizard through its injected `Agoras`, the commands
 * directly. Everything either of them does to TikTok goes through these functions.
 */
export function createAgoras(
  runtime: Runtime,
  options: { openBrowser?(url: string): Promise<void> } = {},
): Agoras {
  return {
    ...sourceServices(runtime),
    ...sourceRuns(runtime),
    ...recordServices(runtime),
    async listAccounts() {
      // The sandbox's first minute: with nothing saved, its account is logged in at once (the
      // emulator consents by itself), so the first screen offers one ready to post with.
      if (runtime.sandbox && Object.keys(await runtime.store.accounts()).length === 0)
        await ensureSandboxAccount(runtime, SANDBOX_USERNAME, silentReporter);
      const defaultName = await runtime.store.defaultAccount();
      return Object.values(await runtime.store.accounts())
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((a) => ({
          username: a.username,
          nickname: a.nickname,
          isDefault: a.username === defaultName,
          state: isReady(a, runtime) ? ('ready' as const) : ('needs-auth' as const),
        }));
    },
    async checkAccounts(reporter, options = {}) {
      if (runtime.sandbox) {
        // Each sandbox run is a new emulator: log its accounts in again so the view shows the flow working.
        const names = Object.keys(await runtime.store.accounts());
        for (const username of names.length ? names : [SANDBOX_USERNAME])
          await ensureSandboxAccount(runtime, username, reporter);
      }
      return checkAccounts(runtime, options);
    },
    removeAccount: async (username) => removeAccount(runtime, username),
    setDefaultAccount: async (username) => setDefaultAccount(runtime, username),
    async savedCredentials(username) {
      if (runtime.sandbox) return { clientKey: runtime.sandbox.clientKey, hasSecret: true };
      const saved = await runtime.store.account(username);
      return saved ? { clientKey: saved.clientKey, hasSecret: Boolean(saved.clientSecret) } : undefined;
    },
    async authorize(request) {
      const saved = await runtime.store.account(request.username);
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
          : request.redirectUri || runtime.redirectUri || DEFAULT_REDIRECT_URI,
        authUrl: runtime.authUrl,
        apiBaseUrl: runtime.apiBaseUrl,
        http: runtime.http,
        store: runtime.store,
        reporter: request.reporter ?? silentReporter,
        signal: request.signal,
        onUrl(url, info) {
          // The sandbox consents at once: play the browser's part so the flow runs for real,
          // without printing a URL nobody needs to open.
          if (runtime.sandbox) setTimeout(() => void followConsent(url).catch(() => {}), 400);
          else request.onUrl(url, info);
        },
        openBrowser: runtime.sandbox ? undefined : options.openBrowser,
        withStats: request.withStats,
      });
      return {
        username: result.username,
        nickname: result.nickname,
        isDefault: (await runtime.store.defaultAccount()) === result.username,
        state: 'ready',
      };
    },
    capUsage: (username) => usageOf(runtime.store.records(username)),
    async creatorInfo(username) {
      return (await clientFor(username, runtime)).creatorInfo();
    },
    async checkVideo(input, creator, signal) {
      try {
        return { ok: true, ...(await checkVideoInput(input, creator, runtime.http, signal)) };
      } catch (error) {
        const refused = failure(error);
        // A local file a conversion fixes: the wizard offers it (its "f Fix it" key).
        const offer = isUrl(input) ? undefined : await videoFixOffer(input, creator).catch(() => undefined);
        return offer && !refused.ok ? { ...refused, fix: offer } : refused;
      }
    },
    async checkImage(url, signal) {
      try {
        if (!isUrl(url)) {
          try {
            return { ok: true, ...(await checkLocalImage(url, signal)) };
          } catch (error) {
            // A local photo a conversion fixes: the wizard offers it (its "f Fix it" key).
            const refused = failure(error);
            const offer = await photoOffer(url).catch(() => undefined);
            return offer && !refused.ok
              ? { ...refused, fix: { changes: offer.changes, result: offer.result } }
              : refused;
          }
        }
        return { ok: true, ...(await checkImageInput(url, runtime.http, signal)) };
      } catch (error) {
        return failure(error);
      }
    },
    mediaHost() {
      return savedMediaHost(runtime);
    },
    async saveMediaHost(host) {
      const problem = await checkMediaHost(host);
      if (problem) return problem;
      await saveMediaHost(runtime, host);
      return undefined;
    },
    fixVideo(input, creator, signal, onProgress) {
      return convertLocalVideo(input, creator, { signal, onProgress });
    },
    fixImage(input, signal) {
      return convertLocalPhoto(input, signal);
    },
    previewConversions(job, creator, options) {
      return previewConversions(job, creator, options);
    },
    async publish(username, job, reporter, signal, publishOptions = {}) {
      // Local photos go through the saved media host unless the caller names one.
      const host =
        job.kind === 'photo' && !publishOptions.mediaHost ? await savedMediaHost(runtime) : undefined;
      return publishJob(job, {
        ...(await publishDepsFor(runtime, username, reporter, signal)),
        ...(host ? { mediaHost: host } : {}),
        ...publishOptions,
      });
    },
  };
}
