import { shellQuote } from './shell-quote.js';

/** The authorize command line, written once; a name is shell-quoted so it runs as shown. */
export function authorizeCommand(account?: string): string {
  return `agoras publish --network tiktok --action authorize --tiktok-username ${account === undefined ? '<name>' : shellQuote(account)}`;
}

/**
 * The command that asks TikTok about a post later (`agoras status`), runnable as printed: a post
 * made in the sandbox is asked about with --sandbox (its account lives in the sandbox's store).
 */
export function statusCommand(publishId: string, sandbox = false): string {
  return `agoras status ${shellQuote(publishId)}${sandbox ? ' --sandbox' : ''}`;
}
