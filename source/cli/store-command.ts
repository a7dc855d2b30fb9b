import type { Runtime } from '../core/runtime.js';
import type { MigrateCounts } from '../core/service-types.js';
import { UsageError } from '../shared/errors.js';
import type { CommandIO } from './command-io.js';
import type { ParsedArgs } from './flags.js';

const USAGE = 'agoras store status [--json] | agoras store migrate --to URL';

/** `agoras store status [--json]` and `agoras store migrate --to URL`. */
export async function runStore(
  rest: string[],
  args: ParsedArgs,
  _runtime: Runtime,
  io: CommandIO,
): Promise<number> {
  const [sub, extra] = rest;
  if (extra !== undefined) throw new UsageError(`Unexpected '${extra}'.`, { hint: USAGE });
  if (sub === 'status' || sub === undefined) return status(args, io);
  if (sub === 'migrate') return migrate(args, io);
  throw new UsageError(`Unknown store command '${sub}'.`, { hint: USAGE });
}

async function status(args: ParsedArgs, io: CommandIO): Promise<number> {
  const report = await io.agoras.storeStatus({ insecure: args.values['store-insecure'] === true });
  if (args.values.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const { counts } = report;
  const health = report.kind === 'file' ? 'readable' : `reachable (${report.latencyMs} ms)`;
  io.stdout.write(
    [
      `Store:    ${report.location} (${report.kind}, ${report.namespace}) — ${health}`,
      `Tokens:   ${report.tokens}`,
      `Holds:    ${counts.accounts} account(s), ${counts.ledger} ledger entr${counts.ledger === 1 ? 'y' : 'ies'}, ${counts.records} post record(s)`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function migrate(args: ParsedArgs, io: CommandIO): Promise<number> {
  const url = args.values.to;
  if (!url) throw new UsageError('agoras store migrate needs --to URL.', { hint: USAGE });
  const done = await io.agoras.migrateStore({ url, insecure: args.values['store-insecure'] }, (from, to) =>
    io.reporter.step(`Copying ${from} → ${to}`),
  );
  io.reporter.finish?.();
  if (args.values.json)
    io.stdout.write(`${JSON.stringify({ from: done.from, to: done.to, ...done.counts }, null, 2)}\n`);
  else io.stdout.write(summary(done.counts, done.to));
  return 0;
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
