import { createHmac, randomBytes } from 'node:crypto';
import type { PostEvent, PostEvents, SandboxContext } from './context.js';
import type { PublishRecord, WebhookDelivery, WebhookEvent } from './state.js';

/** TikTok retries a callback that does not answer 2xx, with backoff, for 72 hours. */
const RETRY_WINDOW_MS = 72 * 60 * 60 * 1000;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
/** The receiver is to answer at once; one that does not within this is counted as failing. */
const ATTEMPT_TIMEOUT_MS = 5000;

/** TikTok's signature: HMAC-SHA256 of `TIMESTAMP.BODY`, keyed with the app's client secret, in hex. */
export function webhookSignature(clientSecret: string, timestamp: number, body: string): string {
  return createHmac('sha256', clientSecret).update(`${timestamp}.${body}`).digest('hex');
}

/** Publish events name the kind of publish: a direct post or a share to the creator's inbox. */
function publishType(record: PublishRecord): string {
  return record.post_mode === 'DIRECT_POST' ? 'DIRECT_PUBLISH' : 'INBOX_SHARE';
}

/**
 * Sends TikTok's webhook events to each app's callback URLs: `{client_key, event, create_time,
 * user_openid, content}` with `content` a JSON string, signed in `TikTok-Signature: t=…,s=…`, retried
 * with doubling backoff while the receiver fails, at least once (duplicates on purpose with the fault).
 */
export class Webhooks implements PostEvents {
  constructor(
    private readonly ctx: SandboxContext,
    private readonly retryBaseMs: number,
  ) {}

  /** A publish milestone, for the app that started the publish. */
  emit(record: PublishRecord, event: PostEvent, extra: Record<string, unknown>): void {
    const content = { publish_id: record.publish_id, publish_type: publishType(record), ...extra };
    this.send(record.client_key, record.open_id, event, content);
  }

  /** The user took the app's access away (reason 1) or the app revoked it (reason 5), per TikTok's list. */
  authorizationRemoved(clientKey: string, openId: string, reason: number): void {
    this.send(clientKey, openId, 'authorization.removed', { reason });
  }

  private send(
    clientKey: string,
    openId: string,
    event: WebhookEvent,
    content: Record<string, unknown>,
  ): void {
    const client = this.ctx.clients.get(clientKey);
    if (!client || client.webhook_urls.length === 0) return;
    const body = JSON.stringify({
      client_key: clientKey,
      event,
      create_time: Math.floor(Date.now() / 1000),
      user_openid: openId,
      content: JSON.stringify(content),
    });
    const copies = this.ctx.faults.webhookDuplicate ? 2 : 1;
    for (const url of client.webhook_urls) {
      for (let copy = 0; copy < copies; copy++) {
        const delivery: WebhookDelivery = {
          id: randomBytes(8).toString('hex'),
          url,
          event,
          body,
          attempts: 0,
          waits: [],
          state: 'pending',
          created_at: Date.now(),
          ...(copy > 0 ? { duplicate: true } : {}),
        };
        this.ctx.state.webhooks.push(delivery);
        // The copy follows a moment later, as a redelivery would.
        this.ctx.later(copy * 50, () => void this.attempt(delivery, client.client_secret));
      }
    }
  }

  private async attempt(delivery: WebhookDelivery, secret: string): Promise<void> {
    delivery.attempts++;
    const timestamp = Math.floor(Date.now() / 1000);
    const abort = new AbortController();
    this.ctx.pulls.add(abort);
    const timer = setTimeout(() => abort.abort(), ATTEMPT_TIMEOUT_MS);
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'TikTok-Signature': `t=${timestamp},s=${webhookSignature(secret, timestamp, delivery.body)}`,
          'User-Agent': 'tiktok-sandbox-webhooks',
        },
        body: delivery.body,
        redirect: 'manual',
        signal: abort.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery.last_result = res.status;
      if (res.status >= 200 && res.status < 300) {
        delivery.state = 'delivered';
        return;
      }
    } catch (err) {
      delivery.last_result = abort.signal.aborted
        ? 'timed out'
        : err instanceof Error
          ? err.message
          : String(err);
    } finally {
      clearTimeout(timer);
      this.ctx.pulls.delete(abort);
    }
    const wait = Math.min(MAX_BACKOFF_MS, this.retryBaseMs * 2 ** (delivery.attempts - 1));
    if (Date.now() + wait - delivery.created_at > RETRY_WINDOW_MS) {
      delivery.state = 'expired';
      return;
    }
    delivery.waits.push(wait);
    this.ctx.later(wait, () => void this.attempt(delivery, secret));
  }
}
