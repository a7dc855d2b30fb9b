import type { AccountStatus } from '../core/accounts.js';
import { type CapUsage, usageLine } from '../core/caps.js';
import type { Runtime } from '../core/runtime.js';
import { CancelledError, UsageError } from '../shared/errors.js';
import { terminalSafe } from '../shared/sanitize.js';
import { shellQuote } from '../shared/shell-quote.js';
import type { CommandIO } from './command-io.js';
import { authorizeCommand, renderFix } from './fixes.js';
import type { ParsedArgs } from './flags.js';
import { dailyPostCap } from './limits-flags.js';

/** `agoras accounts [remove NAME | default NAME] [--json]`; exit 1 when an account needs attention. */
export async function runAccounts(
  rest: string[],
  args: ParsedArgs,
  runtime: Runtime,
  io: CommandIO,
): Promise<number> {
  const { agoras } = io;
  const [sub, name] = rest;
  if (sub === 'remove' || sub === 'default') {
    if (!name)
      throw new UsageError(`agoras accounts ${sub} needs an account name.`, { hint: 'see agoras accounts' });
    if (sub === 'default') {
      await agoras.setDefaultAccount(name);
      io.reporter.info(`'${name}' is now the default account.`);
      return 0;
    }
    // Nothing to confirm about an account that is not there (a typo): say so first, naming those that are.
    if (!(await runtime.store.account(name))) {
      const names = Object.keys(await runtime.store.accounts()).sort();
      throw new UsageError(`No saved account '${name}'.`, {
        hint: names.length ? `saved: ${names.join(', ')}` : 'no account is saved yet',
      });
    }
    await confirmRemoval(name, args, io);
    const { revoked, reason } = await agoras.removeAccount(name);
    io.reporter.info(
      revoked
        ? `Revoked '${name}' at TikTok and removed it.`
        : `Removed '${name}'; TikTok could not revoke it (${reason}).`,
    );
    return 0;
  }
  if (sub !== undefined)
    throw new UsageError(`Unknown accounts command '${sub}'.`, { hint: 'use remove NAME or default NAME' });
  const statuses = await agoras.checkAccounts(io.reporter, { dailyPostCap: dailyPostCap(args) });
  const envKey = runtime.env.TIKTOK_CLIENT_KEY;
  if (args.values.json) {
    const accounts = statuses.map(({ fix, clientKey, configFile, ...s }) => ({
      ...s,
      ...(fix ? { fix: fixText(fix) } : {}),
      credentialsFrom: credentialsFrom(clientKey, configFile, envKey),
    }));
    io.stdout.write(
      `${JSON.stringify({ configFile: runtime.store.location, store: runtime.store.kind, accounts }, null, 2)}\n`,
    );
  } else {
    io.stdout.write(
      formatAccounts(statuses, runtime.store.location, new URL(runtime.apiBaseUrl).host, envKey),
    );
  }
  return statuses.every((s) => s.ok) ? 0 : 1;
}

/** Removing revokes the login at TikTok: asked in a terminal, and `--yes` said everywhere else. */
async function confirmRemoval(name: string, args: ParsedArgs, io: CommandIO): Promise<void> {
  if (args.values.yes === true) return;
  if (!io.interactive) {
    throw new UsageError(`Removing '${name}' revokes its TikTok login and cannot be undone.`, {
      hint: `confirm with agoras accounts remove ${shellQuote(name)} --yes`,
    });
  }
  io.reporter.finish?.();
  const { prompting } = await import('./prompts.js');
  const { confirm } = await import('@inquirer/prompts');
  const message = `Remove '${name}'? Its TikTok login is revoked and agoras forgets it.`;
  if (!(await prompting(() => confirm({ message, default: false }))))
    throw new CancelledError('Not removed.');
}

/** What is reached, said after the counts (the post cap is agoras' setting, the draft cap TikTok's). */
function capNote(usage: CapUsage): string {
  const full = [
    usage.posts >= usage.postCap ? `daily cap of ${usage.postCap} posts reached` : '',
    usage.drafts >= usage.draftCap ? 'no room for another draft' : '',
  ].filter(Boolean);
  return full.length ? ` (${full.join('; ')})` : '';
}

function fixText(fix: NonNullable<AccountStatus['fix']>): string {
  return fix.kind === 'authorize' ? renderFix(fix) : (fix.hint ?? 'try again later');
}

function credentialsFrom(clientKey: string, configFile: string, envKey: string | undefined): string {
  return envKey && envKey === clientKey
    ? `environment (TIKTOK_CLIENT_KEY) and ${configFile}`
    : `${/^rediss?:/.test(configFile) ? 'store' : 'config file'} ${configFile}`;
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
export function formatAccounts(
  statuses: AccountStatus[],
  path: string,
  host: string,
  envKey?: string,
): string {
  if (statuses.length === 0) {
    return `No TikTok accounts saved (${path}).\n  - To add one, run: ${authorizeCommand()}\n`;
  }
  // Names, nicknames, problems and scopes are stored or remote text: one line each, inert.
  const t = (text: string) => terminalSafe(text);
  const lines = [t(host)];
  for (const s of statuses) {
    const who = s.nickname
      ? `${t(s.nickname)}${s.creatorUsername ? ` (@${t(s.creatorUsername)})` : ''}`
      : 'unknown nickname';
    lines.push(`  ${s.ok ? '✓' : '✗'} ${t(s.username)} — ${who}${s.isDefault ? '  [default]' : ''}`);
    if (!s.ok) lines.push(`    - Problem: ${t(s.problem ?? '')}`);
    lines.push(`    - Scopes: ${t(s.scopes.join(', '))}`);
    lines.push(`    - Access token: ${t(s.accessToken)}, ${until(s.accessExpiresAt)}`);
    lines.push(`    - Refresh token: ${until(s.refreshExpiresAt)}`);
    lines.push(`    - Credentials: ${t(credentialsFrom(s.clientKey, s.configFile, envKey))}`);
    if (s.unaudited) lines.push("    - App: not audited by TikTok yet (private accounts only, as 'Only me')");
    if (s.usage) lines.push(`    - Caps: ${usageLine(s.usage)}${capNote(s.usage)}`);
    if (typeof s.followers === 'number')
      lines.push(`    - Followers: ${s.followers.toLocaleString('en-US')}`);
    else if (s.followers === 'no-scope')
      lines.push(`    - Followers: to see them, ${authorizeCommand(s.username)} --with-stats`);
    if (!s.ok && s.fix) lines.push(`    - To fix: ${t(fixText(s.fix)).replace(/^run: /, '')}`);
  }
  return `${lines.join('\n')}\n`;
}
