import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import type { Dispatcher } from 'undici';
import { type AddressKind, addressKind, nameKind } from './address.js';
import { UsageError } from './errors.js';

/** Media named by a feed or sheet that resolves to an address it may not use: exit 2, nothing fetched. */
export class BlockedAddressError extends UsageError {
  readonly code = 'EAGORAS_BLOCKED';
  constructor(host: string, address: string, kind: AddressKind) {
    const where = host === address ? address : `${host} (${address})`;
    super(`${where} is a ${kind} address; media named by a feed or a sheet may not point there.`, {
      fix: { kind: 'private-media' },
    });
  }
}

function allowedKind(kind: AddressKind, allowed: readonly AddressKind[]): boolean {
  return kind === 'public' || allowed.includes(kind);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net.connect that refuses a name when any of its addresses is of a kind not
 * allowed: the check is on the addresses the socket will use, so a DNS answer that changes between
 * a check and the connection (rebinding) cannot slip through.
 */
export function guardedLookup(allowed: readonly AddressKind[]) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const kind = addressKind(address) ?? 'public';
        if (!allowedKind(kind, allowed))
          return callback(new BlockedAddressError(hostname, address, kind), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * An interceptor, placed inside the redirect interceptor so that it sees every hop: a literal
 * address (which net.connect never looks up) or `localhost` of a kind not allowed is refused here.
 */
export function literalGuard(allowed: readonly AddressKind[]): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const host = new URL(String(opts.origin)).hostname;
    const kind = nameKind(host);
    if (kind && !allowedKind(kind, allowed)) {
      const error = new BlockedAddressError(host, host.replace(/^\[|\]$/g, ''), kind);
      (handler as { onResponseError?(controller: unknown, error: Error): void }).onResponseError?.(
        null,
        error,
      );
      return true;
    }
    return dispatch(opts, handler);
  };
}
