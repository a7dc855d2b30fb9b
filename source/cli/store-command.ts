import type { Runtime } from '../core/runtime.js';
import { UsageError } from '../shared/errors.js';
import { type MigrateCounts, migrateStore } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import type { CommandIO } from './command-io.js';
import type { ParsedArgs } from './flags.js';

const USAGE = 'agoras store status [--json] | agoras store migrate --to URL';

/** `agoras store status [--json]` and `agoras store migrate --to URL`. */
export async function runStore(
  rest: string[],
  args: ParsedArgs,
  runtime: Runtime,
  io: CommandIO,
): Promise<number> {
  const [sub, extra] = rest;
  if (extra !== undefined) throw new UsageError(`Unexpected '${extra}'.`, { hint: USAGE });
  if (sub === 'status' || sub === undefined) return status(args, runtime, io);
  if (sub === 'migrate') return migrate(args, runtime, io);
  throw new UsageError(`Unknown store command '${sub}'.`, { hint: USAGE });
}

/** How tokens are kept at rest in this store, in words. */
function secrecy(runtime: Runtime, args: ParsedArgs): string {
  if (runtime.store.kind === 'file') return 'in the config file (0600)';
  if (runtime.env.AGORAS_STORE_KEY?.trim()) return 'sealed with AGORAS_STORE_KEY (AES-256-GCM)';
  if (runtime.store.location.startsWith('rediss:')) return 'over TLS, not sealed (set AGORAS_STORE_KEY to seal them)';
  return args.values['store-insecure'] ? 'in plain text (--store-insecure)' : 'refused: no key and no TLS (see agoras store --help)';
}

async function status(args: ParsedArgs, runtime: Runtime, io: CommandIO): Promise<number> {
  const { store } = runtime;
  const latencyMs = await store.ping();
  const counts = await store.counts();
  const report = {
    kind: store.kind,
    location: store.location,
    namespace: store.namespace,
    healthy: true,
    latencyMs: Math.round(latencyMs * 10) / 10,
    tokens: secrecy(runtime, args),
    counts,
  };
  if (args.values.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const health = store.kind === 'file' ? 'readable' : `reachable (${report.latencyMs} ms)`;
  io.stdout.write(
    [
      `Store:    ${store.location} (${store.kind}, ${store.namespace}) — ${health}`,
      `Tokens:   ${report.tokens}`,
      `Holds:    ${counts.accounts} account(s), ${counts.ledger} ledger entr${counts.ledger === 1 ? 'y' : 'ies'}, ${counts.records} post record(s)`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function migrate(args: ParsedArgs, runtime: Runtime, io: CommandIO): Promise<number> {
  const url = args.values.to;
  if (!url) throw new UsageError('agoras store migrate needs --to URL.', { hint: USAGE });
  const target = await openStore({
    url,
    insecure: args.values['store-insecure'],
    key: runtime.env.AGORAS_STORE_KEY,
    configDir: runtime.env.AGORAS_CONFIG_DIR || undefined,
    namespace: runtime.store.namespace,
  });
  try {
    if (target.kind === runtime.store.kind && target.location === runtime.store.location)
      throw new UsageError(`The store ${target.location} is already the one in use; nothing to copy.`);
    io.reporter.step(`Copying ${runtime.store.location} → ${target.location}`);
    const counts = await migrateStore(runtime.store, target);
    io.reporter.finish?.();
    if (args.values.json) io.stdout.write(`${JSON.stringify({ from: runtime.store.location, to: target.location, ...counts }, null, 2)}\n`);
    else io.stdout.write(summary(counts, target.location));
    return 0;
  } finally {
    await target.close();
  }
}

function summary(counts: MigrateCounts, to: string): string {
  const line = (what: string, c: { copied: number; kept: number }) =>
    `  ${what}: ${c.copied} copied, ${c.kept} already there`;
  return [
    `Copied into ${to}:`,
    line('accounts', counts.accounts),
    line('ledger entries', counts.ledger),
    line('post records', counts.records),
    '',
  ].join('\n');
}
