import { authorize, DEFAULT_REDIRECT_URI } from '../auth/authorize.js';
import { silentReporter } from '../shared/reporter.js';
import { registerSecret } from '../shared/secrets.js';
import { checkAccounts, isReady, removeAccount, setDefaultAccount } from './accounts.js';
import { usageOf } from './caps.js';
import { clientFor, ensureSandboxAccount, followConsent, type Runtime, SANDBOX_USERNAME } from './runtime.js';
import type { AccountServices } from './service-types.js';

/** Accounts: list, check live, log in, remove, the default, saved credentials, caps, creator_info. */
export function accountServices(
  runtime: Runtime,
  options: { openBrowser?(url: string): Promise<void> } = {},
): AccountServices {
  return {
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
  };
}
