import { fitLines, flagLines, section } from './help-flags.js';

const page = (...parts: string[]) => `${fitLines(parts.join('\n\n').split('\n')).join('\n')}\n`;

/** `agoras status --help`. */
export function statusHelp(): string {
  return page(
    'What TikTok says about a post, in plain words, with its address once it is public.',
    section('USAGE', ['  agoras status PUBLISH_ID [flags]']),
    section('FLAGS', flagLines(['tiktok-username', 'json', 'wait', 'wait-timeout', 'sandbox'])),
    section('EXAMPLES', [
      '  $ agoras status v_pub_file~v2-1.7282409269186249898',
      '  $ agoras status v_pub_file~v2-1.7282409269186249898 --wait --json',
      '  Without --tiktok-username, the account that posted the ID here is used.',
    ]),
    section('EXIT CODES', [
      '  0 published, or in the creator’s inbox (or still processing, without --wait)',
      '  4 FAILED · 5 still processing when --wait runs out, or network',
      '  2 an ID TikTok does not know, or that belongs to another account',
    ]),
  );
}

/** `agoras history --help`. */
export function historyHelp(): string {
  return page(
    'What this machine posted, newest first: when, which account, what became of it, what and where from (file, URL, feed entry, sheet row), the publish ID.',
    section('USAGE', ['  agoras history [flags]']),
    section('FLAGS', flagLines(['tiktok-username', 'stats', 'json', 'sandbox'])),
    section('EXAMPLES', [
      '  $ agoras history',
      '  $ agoras history --stats   # views, likes, comments, shares (authorize --with-stats)',
      '  $ agoras history --json | jq -r \'.posts[] | select(.state == "uploading") | .publishId\'',
    ]),
  );
}

/** `agoras store --help`. */
export function storeHelp(): string {
  return page(
    'Where accounts, rotating tokens, the ledger of what was posted and unfinished uploads live: the config file (file:, the default) or a Redis server shared by many runners (redis://, rediss:// for TLS).',
    section('USAGE', ['  agoras store status [--json]', '  agoras store migrate --to URL']),
    section('FLAGS', flagLines(['store', 'store-insecure', 'to', 'json', 'sandbox'])),
    section('EXAMPLES', [
      '  $ AGORAS_STORE=rediss://agoras:secret@redis.internal:6380/0 agoras store status',
      '  $ AGORAS_STORE_KEY=$(openssl rand -base64 32) agoras store migrate --to redis://10.0.0.5:6379/0',
      '  $ agoras store migrate --store redis://10.0.0.5:6379/0 --to file:   # and back',
      '  Tokens go to a redis:// store only sealed (AGORAS_STORE_KEY, 32 bytes base64) or over',
      '  rediss://, unless --store-insecure (a private loopback).',
    ]),
    section('EXIT CODES', ['  0 ok · 2 a bad store URL or key · 5 the store cannot be reached']),
  );
}
