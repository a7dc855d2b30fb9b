// The sandbox child of figure 10, run as `node --import tsx fleet-sandbox.mjs`: the same emulator as
// `agoras sandbox --auto-consent --status-delay 0`, but without its per-token rate limits (6 inits a
// minute), since 20 accounts post 10 entries each within seconds. Prints the same JSON line first,
// then serves until SIGTERM or stdin closes.
const { startSandbox } = await import(new URL('../../source/sandbox/index.ts', import.meta.url).href);

const sandbox = await startSandbox({ autoConsent: true, statusDelayMs: 0, rateLimits: false });
const { tiktokApiBaseUrl, tiktokAuthUrl, adminUrl, googleSheetsRootUrl, googleOAuthTokenUrl } = sandbox.urls;
const { clientKey, clientSecret } = sandbox;
process.stdout.write(
  `${JSON.stringify({ tiktokApiBaseUrl, tiktokAuthUrl, clientKey, clientSecret, adminUrl, googleSheetsRootUrl, googleOAuthTokenUrl })}\n`,
);
const stop = () => sandbox.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('end', stop).resume();
