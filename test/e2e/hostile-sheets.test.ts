// Sheet cells written by someone else: a cell is only ever a URL (never a file in the working
// directory cron starts in), and control characters reach neither the terminal nor the caption.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes } from '../sandbox/helpers.js';
import { CONTROL, hostileServer, runCliIn, send } from './hostile-helpers.js';
import { ids, sandboxWithAna } from './sources-helpers.js';

const local = makeVideoBytes(200 * 1024 + 3); // what sits in the working directory
const remote = makeVideoBytes(150 * 1024 + 5);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let sandbox: Sandbox;
let env: Record<string, string>;
let media: Awaited<ReturnType<typeof hostileServer>>;
let proxy: Server;
const proxied: string[] = [];
let cwd: string;

const HEADER = ['tiktok_video_url', 'tiktok_title', 'tiktok_privacy_status', 'allow_comments', 'allow_duet'];
function now() {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`,
    hour: String(d.getUTCHours()),
  };
}
const row = (url: string, title: string, privacy = 'SELF_ONLY') => {
  const t = now();
  return [url, title, privacy, 'TRUE', 'FALSE', 'FALSE', 'FALSE', 'FALSE', 'FALSE', t.date, t.hour, 'draft'];
};

function schedule(id: string) {
  const { clientEmail, privateKey } = sandbox.sheets.serviceAccount;
  return runCliIn(
    [
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'schedule'],
      ...['--google-sheets-id', id, '--google-sheets-name', 'Plan'],
      ...['--google-sheets-client-email', clientEmail, '--google-sheets-private-key', privateKey],
    ],
    // Names that are not this machine go to a local proxy that refuses them: no DNS query leaves.
    {
      ...env,
      TZ: 'UTC',
      HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      NO_PROXY: '127.0.0.1,localhost',
    },
    { cwd },
  );
}

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  media = await hostileServer({ '/remote.mp4': send(remote, 'video/mp4') });
  proxy = createServer((req, res) => {
    proxied.push(req.url ?? '');
    res.writeHead(502).end();
  });
  proxy.on('connect', (req, socket) => {
    proxied.push(req.url ?? '');
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  // The working directory holds files named like the cells: read as paths, they would be uploaded.
  const base = mkdtempSync(join(tmpdir(), 'agoras-cwd-'));
  cwd = join(base, 'a', 'b');
  mkdirSync(join(cwd, 'http:'), { recursive: true });
  writeFileSync(join(cwd, 'https:clip.mp4'), local);
  writeFileSync(join(cwd, 'http:x.mp4'), local);
  writeFileSync(join(base, 'a', 'x'), local); // what `http:/../../x` names from cwd
});

afterAll(async () => {
  proxy?.close();
  proxy?.closeAllConnections();
  await media?.close();
  await sandbox?.close();
});

describe('a hostile sheet', () => {
  it('colon-path cells are URLs (hosts clip.mp4, x.mp4, ..), never files of the working directory', async () => {
    const before = sandbox.state.publishes.size;
    sandbox.sheets.sheets.seed('colons', 'Plan', [
      [...HEADER, 'is_brand_organic', 'is_brand_content', 'auto_add_music', 'date', 'time', 'status'],
      row('https:clip.mp4', 'colon https'),
      row('http:/../../x', 'colon dots'),
      row('http:x.mp4', 'colon http'),
    ]);
    const r = await schedule('colons');
    expect(r.killed).toBe(false);
    expect(r.code, r.stderr).not.toBe(0);
    expect(ids(r.stdout)).toEqual([]);
    const uploaded = [...sandbox.state.publishes.values()].filter((p) => p.sha256 === sha(local));
    expect(uploaded).toEqual([]);
    expect(sandbox.state.publishes.size).toBe(before);
    // They were asked for as the URLs they parse to (through the refusing proxy), and stay draft.
    expect(proxied.join(' ')).toMatch(/clip\.mp4/);
    expect(proxied.join(' ')).toMatch(/x\.mp4/);
    expect(
      sandbox.sheets.sheets
        .rows('colons', 'Plan')
        .slice(1)
        .map((c) => c[11]),
    ).toEqual(['draft', 'draft', 'draft']);
  });

  it('control characters in cells are marked in messages and dropped from captions', async () => {
    sandbox.sheets.sheets.seed('control', 'Plan', [
      row(media.url('/remote.mp4'), 'Clip \u001b]0;owned\u0007 \u001b[2Jnow\u009b31m'),
      row(media.url('/remote.mp4'), 'bad privacy', '\u001b[2JSELF'),
    ]);
    const r = await schedule('control');
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toMatch(/tiktok_privacy_status "␛\[2JSELF"/);
    const [id] = ids(r.stdout);
    const caption = String(sandbox.state.publishes.get(id!)?.post_info?.title);
    expect(caption).not.toMatch(CONTROL);
    expect(caption).toContain('owned');
    expect(sandbox.state.publishes.get(id!)?.sha256).toBe(sha(remote));
  });
});
