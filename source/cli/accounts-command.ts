import { type AccountStatus, checkAccounts, removeAccount, setDefaultAccount } from '../core/accounts.js';
import { ensureSandboxAccount, type Runtime, SANDBOX_USERNAME } from '../core/runtime.js';
import { UsageError } from '../shared/errors.js';
import type { CommandIO } from './command-io.js';
import type { ParsedArgs } from './flags.js';

/** `agoras accounts [remove NAME | default NAME] [--json]`; exit 1 when an account needs attention. */
export async function runAccounts(
  rest: string[],
  args: ParsedArgs,
  runtime: Runtime,
  io: CommandIO,
): Promise<number> {
  const deps = { store: runtime.store, http: runtime.http, apiBaseUrl: runtime.apiBaseUrl, env: runtime.env };
  const [sub, name] = rest;
  if (sub === 'remove' || sub === 'default') {
    if (!name)
      throw new UsageError(`agoras accounts ${sub} needs an account name.`, { hint: 'see agoras accounts' });
    if (sub === 'default') {
      setDefaultAccount(runtime.store, name);
      io.reporter.info(`'${name}' is now the default account.`);
      return 0;
    }
    const { revoked, reason } = await removeAccount(deps, name);
    io.reporter.info(
      revoked
        ? `Revoked '${name}' at TikTok and removed it.`
        : `Removed '${name}'; TikTok could not revoke it (${reason}).`,
    );
    return 0;
  }
  if (sub !== undefined)
    throw new UsageError(`Unknown accounts command '${sub}'.`, { hint: 'use remove NAME or default NAME' });
  if (runtime.sandbox) {
    // Each sandbox run is a new emulator: log its accounts in again so the view shows the flow working.
    const names = Object.keys(runtime.store.accounts());
    for (const username of names.length ? names : [SANDBOX_USERNAME])
      await ensureSandboxAccount(runtime, username, io.reporter);
  }
  const statuses = await checkAccounts(deps);
  if (args.values.json) {
    io.stdout.write(`${JSON.stringify({ configFile: runtime.store.path, accounts: statuses }, null, 2)}\n`);
  } else {
    io.stdout.write(formatAccounts(statuses, runtime.store.path, new URL(runtime.apiBaseUrl).host));
  }
  return statuses.every((s) => s.ok) ? 0 : 1;
}

function until(iso: string): string {
  const ms = Date.parse(iso) - Date.now();
  if (ms <= 0) return 'expired';
  const hours = ms / 3_600_000;
  return hours < 48
    ? `expires in ${Math.max(1, Math.round(hours * 60)) >= 120 ? `${Math.round(hours)} h` : `${Math.round(hours * 60)} min`}`
    : `expires in ${Math.round(hours / 24)} days`;
}

/** The human view, in the style of `gh auth status`. */
export function formatAccounts(statuses: AccountStatus[], path: string, host: string): string {
  if (statuses.length === 0) {
    return `No TikTok accounts saved (${path}).\n  - To add one, run: agoras publish --network tiktok --action authorize --tiktok-username <name>\n`;
  }
  const lines = [host];
  for (const s of statuses) {
    const who = s.nickname
      ? `${s.nickname}${s.creatorUsername ? ` (@${s.creatorUsername})` : ''}`
      : 'unknown nickname';
    lines.push(`  ${s.ok ? '✓' : '✗'} ${s.username} — ${who}${s.isDefault ? '  [default]' : ''}`);
    if (!s.ok) lines.push(`    - Problem: ${s.problem}`);
    lines.push(`    - Scopes: ${s.scopes.join(', ')}`);
    lines.push(`    - Access token: ${s.accessToken}, ${until(s.accessExpiresAt)}`);
    lines.push(`    - Refresh token: ${until(s.refreshExpiresAt)}`);
    lines.push(`    - Credentials: ${s.credentialsFrom}`);
    if (!s.ok && s.fix) lines.push(`    - To fix: ${s.fix.replace(/^run: /, '')}`);
  }
  return `${lines.join('\n')}\n`;
}
