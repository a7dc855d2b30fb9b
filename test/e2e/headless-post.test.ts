import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from '../sandbox/helpers.js';
import { redisPass } from './cli.js';
import { base, setupHeadless, sha256 } from './headless-setup.js';

// The seed's authorize, video and post commands through the built CLI, against the sandbox.
const h = setupHeadless();

describe('authorize', () => {
  it('saves the account with nickname, tokens and a 0600 file in a 0700 dir', async () => {
    const account = await h.savedAccount();
    expect(account.nickname).toBe('Sandbox Creator');
    expect(account.scopes).toEqual(expect.arrayContaining(['video.publish', 'video.upload']));
    expect(h.sandbox.state.accessTokens.get(account.accessToken)?.revoked).toBe(false);
    // The file store's file (the Redis pass keeps the account in Redis: no file to check).
    if (!redisPass) expect(statSync(join(h.configDir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(h.configDir).mode & 0o777).toBe(0o700);
  });
});

describe('video', () => {
  it('uploads a 24 MiB local file in several chunks; TikTok receives the same bytes and flags', async () => {
    const r = await h.cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      h.bigVideoPath,
      '--tiktok-title',
      'Hello #agoras',
      '--tiktok-privacy-status',
      'MUTUAL_FOLLOW_FRIENDS',
      '--no-tiktok-allow-duet',
      '--tiktok-allow-stitch=false',
      '--brand-organic',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { id } = JSON.parse(r.stdout.trim());
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const record = h.sandbox.state.publishes.get(id)!;
    expect(record.sha256).toBe(sha256(h.bigVideo));
    expect(record.status).toBe('PUBLISH_COMPLETE');
    expect(record.source_info).toMatchObject({
      source: 'FILE_UPLOAD',
      video_size: h.bigVideo.length,
      total_chunk_count: 2,
    });
    expect(record.post_info).toEqual({
      title: 'Hello #agoras',
      privacy_level: 'MUTUAL_FOLLOW_FRIENDS',
      disable_comment: false,
      disable_duet: true,
      disable_stitch: true,
      brand_content_toggle: false,
      brand_organic_toggle: true,
    });
    expect(r.stderr).toContain("Your video will be labeled as 'Promotional content'.");
    expect(r.stderr).toContain("By posting, you agree to TikTok's Music Usage Confirmation.");
    expect(r.stderr).toContain('Uploading 25.2 MB in 2 chunks');
    expect(r.stderr).not.toContain('(s)');
  });

  it('uploads from a URL served locally, with the download overlapping the upload', async () => {
    const r = await h.cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      h.files.url('/big.mp4'),
      '--tiktok-title',
      'From a URL',
      '--tiktok-privacy-status',
      'SELF_ONLY',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = h.sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.sha256).toBe(sha256(h.bigVideo));
    expect(record.post_info).toMatchObject({
      privacy_level: 'SELF_ONLY',
      disable_duet: false,
      disable_comment: false,
    });
  });

  it('pulls from a URL with --tiktok-video-source pull', async () => {
    const r = await h.cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      h.files.url('/big.mp4'),
      '--tiktok-title',
      'Pulled',
      '--tiktok-privacy-status',
      'SELF_ONLY',
      '--tiktok-video-source',
      'pull',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = h.sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.source_info).toEqual({ source: 'PULL_FROM_URL', video_url: h.files.url('/big.mp4') });
    expect(record.sha256).toBe(sha256(h.bigVideo));
  });

  it('sends a draft to the inbox with --tiktok-post-mode inbox', async () => {
    const r = await h.cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      'test/fixtures/sample.mp4',
      '--tiktok-title',
      'Draft',
      '--tiktok-privacy-status',
      'SELF_ONLY',
      '--tiktok-post-mode',
      'inbox',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = h.sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.kind).toBe('inbox_video');
    expect(record.status).toBe('SEND_TO_USER_INBOX');
    expect(r.stderr).toContain('inbox');
  });
});

describe('post (photo slideshow)', () => {
  it('posts four images that TikTok pulls, with the photo flags', async () => {
    const r = await h.cli([
      ...base,
      '--action',
      'post',
      '--tiktok-title',
      'Four pictures',
      '--status-image-url-1',
      h.files.url('/a.jpg'),
      '--status-image-url-2',
      h.files.url('/b.webp'),
      '--status-image-url-3',
      h.files.url('/c.webp'),
      '--status-image-url-4',
      h.files.url('/d.jpg'),
      '--tiktok-privacy-status',
      'PUBLIC_TO_EVERYONE',
      '--tiktok-auto-add-music',
      '--brand-content',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const record = h.sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.media_type).toBe('PHOTO');
    expect(record.images?.map((i) => i.format)).toEqual(['jpeg', 'webp', 'webp', 'jpeg']);
    expect(record.images?.[0]?.sha256).toBe(sha256(fixture('sample.jpg')));
    expect(record.post_info).toEqual({
      title: 'Four pictures',
      privacy_level: 'PUBLIC_TO_EVERYONE',
      disable_comment: false,
      auto_add_music: true,
      brand_content_toggle: true,
      brand_organic_toggle: false,
    });
    expect(r.stderr).toContain("Your photo will be labeled as 'Paid partnership'.");
    expect(r.stderr).toContain("TikTok's Branded Content Policy and Music Usage Confirmation");
  });
});
