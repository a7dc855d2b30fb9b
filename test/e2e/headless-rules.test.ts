import { describe, expect, it } from 'vitest';
import { authorizeViaCli } from './cli.js';
import { base, setupHeadless } from './headless-setup.js';

// What is refused before anything is sent, how sessions refresh, and that no secret is printed.
const h = setupHeadless();

describe('validation before anything is sent', () => {
  const video = (extra: string[]) => [...base, '--action', 'video', '--tiktok-title', 'T', ...extra];
  const cases: [string, string[], RegExp][] = [
    [
      'a redirect URI TikTok would not accept for a desktop app',
      [
        ...base,
        '--action',
        'authorize',
        '--tiktok-client-key',
        'k',
        '--tiktok-client-secret',
        's123456',
        '--tiktok-redirect-uri',
        'http://example.com:3999/cb/',
      ],
      /is not a loopback redirect URI TikTok accepts/,
    ],
    [
      'a mistyped post mode for a feed (never a public post instead of a draft)',
      [
        ...base,
        '--action',
        'last-from-feed',
        '--feed-url',
        'http://127.0.0.1:9/f.xml',
        '--tiktok-privacy-status',
        'SELF_ONLY',
        '--tiktok-post-mode',
        'inbx',
      ],
      /--tiktok-post-mode must be direct or inbox, not 'inbx'/,
    ],
    [
      'a privacy level the creator does not offer',
      video([
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'FOLLOWER_OF_CREATOR',
      ]),
      /cannot post with privacy FOLLOWER_OF_CREATOR; allowed: PUBLIC_TO_EVERYONE/,
    ],
    [
      'an unknown privacy value',
      video(['--tiktok-video-url', 'test/fixtures/sample.mp4', '--tiktok-privacy-status', 'FRIENDS']),
      /'FRIENDS' is not a TikTok privacy level/,
    ],
    [
      'branded content with SELF_ONLY',
      video([
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'SELF_ONLY',
        '--brand-content',
      ]),
      /Branded content visibility cannot be set to private/,
    ],
    [
      'a title over 2200',
      [
        ...base,
        '--action',
        'video',
        '--tiktok-title',
        'x'.repeat(2201),
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'SELF_ONLY',
      ],
      /2201 characters; TikTok allows 2200/,
    ],
    [
      'a PNG renamed .mp4',
      video(['--tiktok-video-url', 'test/fixtures/sample.png', '--tiktok-privacy-status', 'SELF_ONLY']),
      /PNG file; TikTok needs an MP4, MOV or WebM video/,
    ],
    [
      'an HTML page instead of a video',
      video(['--tiktok-video-url', 'HTMLURL', '--tiktok-privacy-status', 'SELF_ONLY']),
      /not a video file; TikTok needs an MP4, MOV or WebM video/,
    ],
    [
      'a missing title in headless',
      [
        ...base,
        '--action',
        'video',
        '--headless',
        '--tiktok-video-url',
        'test/fixtures/sample.mp4',
        '--tiktok-privacy-status',
        'SELF_ONLY',
      ],
      /Missing --tiktok-title \(or TIKTOK_TITLE\)/,
    ],
    [
      'duet on a photo post',
      [
        ...base,
        '--action',
        'post',
        '--tiktok-title',
        'T',
        '--status-image-url-1',
        'IMGURL',
        '--tiktok-privacy-status',
        'SELF_ONLY',
        '--tiktok-allow-duet',
      ],
      /--tiktok-allow-duet does not apply to --action post\./,
    ],
    [
      'a photo title over 90',
      [
        ...base,
        '--action',
        'post',
        '--tiktok-title',
        'y'.repeat(91),
        '--status-image-url-1',
        'IMGURL',
        '--tiktok-privacy-status',
        'SELF_ONLY',
      ],
      /91 characters; TikTok allows 90/,
    ],
  ];
  it.each(cases)('refuses %s with one line and exit 2, posting nothing', async (_name, args, message) => {
    const before = h.sandbox.state.publishes.size;
    const r = await h.cli(
      args.map((a) =>
        a === 'HTMLURL' ? h.files.url('/page.html') : a === 'IMGURL' ? h.files.url('/a.jpg') : a,
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('agoras:')),
    ).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(h.sandbox.state.publishes.size).toBe(before);
  });

  it('says a mistyped TIKTOK_AUTH_URL is a usage error, and does not wait for a login', async () => {
    const r = await h.cli(
      [...base, '--action', 'authorize', '--tiktok-client-key', 'k', '--tiktok-client-secret', 's123456'],
      {
        TIKTOK_AUTH_URL: 'not a url',
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("TIKTOK_AUTH_URL is not an http(s) URL: 'not a url'.");
  });

  it('answers like/share/delete with one line and exit 2', async () => {
    for (const action of ['like', 'share', 'delete']) {
      const r = await h.cli([...base, '--action', action]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`does not support the '${action}' action`);
    }
  });

  it('reads flags from the environment, the flag winning', async () => {
    const r = await h.cli([...base, '--action', 'video', '--tiktok-title', 'Flag wins'], {
      TIKTOK_VIDEO_URL: 'test/fixtures/sample.mp4',
      TIKTOK_TITLE: 'Env title',
      TIKTOK_PRIVACY_STATUS: 'SELF_ONLY',
      TIKTOK_ALLOW_COMMENTS: 'false',
    });
    expect(r.code, r.stderr).toBe(0);
    const record = h.sandbox.state.publishes.get(JSON.parse(r.stdout).id)!;
    expect(record.post_info).toMatchObject({
      title: 'Flag wins',
      privacy_level: 'SELF_ONLY',
      disable_comment: true,
    });
  });
});

describe('sessions', () => {
  const post = () =>
    h.cli([
      ...base,
      '--action',
      'video',
      '--tiktok-video-url',
      'test/fixtures/sample.mp4',
      '--tiktok-title',
      'S',
      '--tiktok-privacy-status',
      'SELF_ONLY',
    ]);

  it('refreshes once when TikTok says the access token is invalid, and persists the rotated refresh token', async () => {
    const before = await h.savedAccount();
    h.sandbox.faults.expireAccessTokens();
    const r = await post();
    expect(r.code, r.stderr).toBe(0);
    const after = await h.savedAccount();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(h.sandbox.state.refreshTokens.get(before.refreshToken)?.revoked).toBe(true);
    expect(h.sandbox.state.refreshTokens.get(after.refreshToken)?.revoked).toBe(false);
  });

  it('refreshes ahead of time when the saved access token is about to expire', async () => {
    const old = (await h.savedAccount()).accessToken;
    await h.changeAccount((a) => ({ ...a, accessExpiresAt: Date.now() + 60_000 }));
    const r = await post();
    expect(r.code, r.stderr).toBe(0);
    expect((await h.savedAccount()).accessToken).not.toBe(old);
  });

  it('ends with exit 3 and the authorize command when the refresh token is revoked', async () => {
    h.sandbox.faults.expireAccessTokens();
    h.sandbox.faults.revokeRefreshTokens();
    const r = await post();
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('agoras publish --network tiktok --action authorize --tiktok-username ana');
    // authorize again for any later test
    const auth = await authorizeViaCli(h.env, 'ana', h.sandbox);
    expect(auth.code, auth.stderr).toBe(0);
  });
});

describe('secrets', () => {
  it('never prints the client secret or any token', async () => {
    const account = await h.savedAccount();
    const all = h.outputs.join('\n');
    const tokens = [
      h.sandbox.clientSecret,
      account.accessToken,
      account.refreshToken,
      ...h.sandbox.state.refreshTokens.keys(),
      ...h.sandbox.state.accessTokens.keys(),
    ];
    for (const secret of tokens) expect(all).not.toContain(secret);
  });
});
