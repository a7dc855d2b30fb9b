import { afterEach, describe, expect, it } from 'vitest';
import {
  type Sandbox,
  type SandboxOptions,
  startSandbox,
  webhookSignature,
} from '../../source/sandbox/index.js';
import { api, authorizeSandbox, fixture, postForm, putChunk, waitForStatus } from './helpers.js';
import { startReceiver, verifyTikTokSignature } from './webhook-receiver.js';

// TikTok's Content Posting webhooks: signed `TikTok-Signature: t=…,s=…`, retried with backoff while the
// receiver fails, delivered at least once.

const video = fixture('sample.mp4');
const SECRET = 'sbxcs_webhook_secret_0123456789';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup(options: SandboxOptions & { failFirst?: number } = {}) {
  const { failFirst, ...rest } = options;
  const receiver = await startReceiver(SECRET, { failFirst: failFirst ?? 0 });
  const sandbox = await startSandbox({
    autoConsent: true,
    statusDelayMs: 10,
    rateLimits: false,
    moderationDelayMs: 100,
    clientSecret: SECRET,
    webhookUrls: [receiver.url],
    webhookRetryBaseMs: 40,
    ...rest,
  });
  cleanup.push(
    () => sandbox.close(),
    () => receiver.close(),
  );
  const token = (await authorizeSandbox(sandbox)).access_token;
  return { sandbox, receiver, token };
}

async function post(sandbox: Sandbox, token: string, path: string, privacy_level = 'PUBLIC_TO_EVERYONE') {
  const source_info = {
    source: 'FILE_UPLOAD',
    video_size: video.length,
    chunk_size: video.length,
    total_chunk_count: 1,
  };
  const body = path.includes('inbox') ? { source_info } : { post_info: { privacy_level }, source_info };
  const init = await api(sandbox, path, token, body);
  await putChunk(init.json.data.upload_url, video, 0, video.length);
  return init.json.data.publish_id as string;
}

describe('webhook events', () => {
  it('a public post: post.publish.complete, then post.publish.publicly_available with the id status gives', async () => {
    const { sandbox, receiver, token } = await setup();
    const id = await post(sandbox, token, '/v2/post/publish/video/init/');
    const [complete] = await receiver.waitFor(1, 'post.publish.complete');
    expect(complete).toEqual({
      client_key: sandbox.clientKey,
      event: 'post.publish.complete',
      create_time: expect.any(Number),
      user_openid: sandbox.state.open_id,
      content: { publish_id: id, publish_type: 'DIRECT_PUBLISH' },
    });
    const [open] = await receiver.waitFor(1, 'post.publish.publicly_available');
    const { text } = await waitForStatus(sandbox, token, id);
    expect(text).toContain(`"publicaly_available_post_id":[${open!.content.post_id}]`);
    expect(receiver.events.map((e) => e.event)).toEqual([
      'post.publish.complete',
      'post.publish.publicly_available',
    ]);
    expect(receiver.requests.every((r) => r.signatureOk)).toBe(true);
  });

  it('an inbox share: post.publish.inbox_delivered; a failed post: post.publish.failed with its reason', async () => {
    const { sandbox, receiver, token } = await setup();
    const draft = await post(sandbox, token, '/v2/post/publish/inbox/video/init/');
    sandbox.faults.apply({ failNextPublish: 'spam_risk_text' });
    const failed = await post(sandbox, token, '/v2/post/publish/video/init/');
    const [inbox] = await receiver.waitFor(1, 'post.publish.inbox_delivered');
    expect(inbox!.content).toEqual({ publish_id: draft, publish_type: 'INBOX_SHARE' });
    const [fail] = await receiver.waitFor(1, 'post.publish.failed');
    expect(fail!.content).toEqual({
      publish_id: failed,
      publish_type: 'DIRECT_PUBLISH',
      reason: 'spam_risk_text',
    });
  });

  it('a receiver that fails is retried with growing waits until it answers 200', async () => {
    const { sandbox, receiver, token } = await setup({ failFirst: 3, moderationDelayMs: 0 });
    await post(sandbox, token, '/v2/post/publish/video/init/', 'SELF_ONLY');
    await receiver.waitFor(1, 'post.publish.complete');
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    // Doubling from webhookRetryBaseMs; the receiver saw each retry no sooner than planned.
    expect(sandbox.webhooks[0]!.waits).toEqual([40, 80, 160]);
    const gaps = receiver.requests.slice(1).map((r, i) => r.at - receiver.requests[i]!.at);
    for (const [i, gap] of gaps.entries())
      expect(gap).toBeGreaterThanOrEqual(sandbox.webhooks[0]!.waits[i]! - 2);
    expect(sandbox.webhooks[0]).toMatchObject({ state: 'delivered', attempts: 4, last_result: 200 });
  });

  it('--webhook-duplicate: every event arrives twice; the receiver dedupes to one', async () => {
    const { sandbox, receiver, token } = await setup({ webhookDuplicate: true, moderationDelayMs: 0 });
    await post(sandbox, token, '/v2/post/publish/video/init/', 'SELF_ONLY');
    await receiver.waitFor(1, 'post.publish.complete');
    for (let i = 0; i < 100 && receiver.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.events).toHaveLength(1);
    expect(sandbox.webhooks.filter((d) => d.duplicate)).toHaveLength(1);
  });

  it('authorization.removed: reason 5 when the app revokes, 1 when the user removes the app', async () => {
    const { sandbox, receiver, token } = await setup();
    await postForm(sandbox, 'revoke', { client_key: sandbox.clientKey, client_secret: SECRET, token });
    const [byApp] = await receiver.waitFor(1, 'authorization.removed');
    expect(byApp!.content).toEqual({ reason: 5 });
    await authorizeSandbox(sandbox);
    sandbox.faults.revokeRefreshTokens();
    const both = await receiver.waitFor(2, 'authorization.removed');
    expect(both[1]!.content).toEqual({ reason: 1 });
  });

  it('each app hears its own events at its own URL, signed with its own secret', async () => {
    const webSecret = 'web-app-secret-xyz';
    const web = await startReceiver(webSecret);
    cleanup.push(() => web.close());
    const { sandbox, receiver } = await setup({
      clients: [
        {
          type: 'web',
          clientKey: 'awweb',
          clientSecret: webSecret,
          redirectUris: ['https://w.example.com/cb'],
          webhookUrls: [web.url],
        },
      ],
    });
    const location = await (
      await fetch(
        `${sandbox.urls.tiktokAuthUrl}?client_key=awweb&scope=video.publish&response_type=code&redirect_uri=${encodeURIComponent('https://w.example.com/cb')}&state=s`,
        { redirect: 'manual' },
      )
    ).headers.get('location')!;
    const tokens = await postForm(sandbox, 'token', {
      client_key: 'awweb',
      client_secret: webSecret,
      code: new URL(location).searchParams.get('code')!,
      grant_type: 'authorization_code',
      redirect_uri: 'https://w.example.com/cb',
    });
    const id = await post(sandbox, tokens.json.access_token, '/v2/post/publish/video/init/', 'SELF_ONLY');
    const [event] = await web.waitFor(1, 'post.publish.complete');
    expect(event).toMatchObject({ client_key: 'awweb', content: { publish_id: id } });
    expect(receiver.events.filter((e) => e.content.publish_id === id)).toEqual([]);
  });
});

describe('the signature', () => {
  it('is HMAC-SHA256 of "t.body" keyed with the client secret; a receiver refuses a changed body, a wrong secret, an old t', () => {
    const body = '{"event":"post.publish.complete"}';
    const t = 1_700_000_000;
    const header = `t=${t},s=${webhookSignature(SECRET, t, body)}`;
    expect(verifyTikTokSignature(header, body, SECRET, 300, t + 10)).toBe(true);
    expect(verifyTikTokSignature(header, `${body} `, SECRET, 300, t + 10)).toBe(false);
    expect(verifyTikTokSignature(header, body, 'another-secret', 300, t + 10)).toBe(false);
    expect(verifyTikTokSignature(header, body, SECRET, 300, t + 3600)).toBe(false);
  });
});
