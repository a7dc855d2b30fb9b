import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One event as a receiver keeps it: the envelope, its content parsed, and when it came. */
export interface ReceivedEvent {
  client_key: string;
  event: string;
  create_time: number;
  user_openid: string;
  content: Record<string, unknown>;
}

/**
 * Checks `TikTok-Signature: t=TIMESTAMP,s=SIGNATURE` the way TikTok's "Webhooks overview" says to: split
 * the header, HMAC-SHA256 `TIMESTAMP.BODY` with the client secret, compare in constant time, and refuse
 * a timestamp too far from now (replays).
 */
export function verifyTikTokSignature(
  header: string | undefined,
  rawBody: string,
  clientSecret: string,
  toleranceSec = 300,
  nowSec = Math.floor(Date.now() / 1000),
): boolean {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]),
  ) as { t?: string; s?: string };
  if (!parts.t || !parts.s || !/^\d+$/.test(parts.t)) return false;
  if (Math.abs(nowSec - Number(parts.t)) > toleranceSec) return false;
  const expected = createHmac('sha256', clientSecret).update(`${parts.t}.${rawBody}`).digest();
  const given = Buffer.from(parts.s, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A third-party webhook receiver written from TikTok's docs, with nothing from this project: it verifies
 * each signature, answers 200 at once, and dedupes (delivery is at least once; there is no event id, so
 * the event name and its content are the key). `failFirst` answers 503 to that many requests first.
 */
export async function startReceiver(clientSecret: string, options: { failFirst?: number } = {}) {
  const events: ReceivedEvent[] = [];
  const seen = new Set<string>();
  const requests: { at: number; status: number; signatureOk: boolean }[] = [];
  let failures = options.failFirst ?? 0;
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      const signatureOk = verifyTikTokSignature(
        req.headers['tiktok-signature'] as string | undefined,
        raw,
        clientSecret,
      );
      let status = 200;
      if (!signatureOk) status = 401;
      else if (failures > 0) {
        failures--;
        status = 503;
      }
      requests.push({ at: Date.now(), status, signatureOk });
      res.writeHead(status).end();
      if (status !== 200) return;
      const envelope = JSON.parse(raw) as Omit<ReceivedEvent, 'content'> & { content: string };
      const key = `${envelope.event}|${envelope.content}`;
      if (seen.has(key)) return;
      seen.add(key);
      events.push({ ...envelope, content: JSON.parse(envelope.content) as Record<string, unknown> });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tiktok/webhook`;
  return {
    url,
    events,
    requests,
    /** Resolves once `count` distinct events (optionally of one name) have arrived, or rejects after 5 s. */
    async waitFor(count: number, event?: string): Promise<ReceivedEvent[]> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const got = events.filter((e) => event === undefined || e.event === event);
        if (got.length >= count) return got;
        if (Date.now() > deadline)
          throw new Error(`only ${got.length} of ${count} ${event ?? 'events'} arrived`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
