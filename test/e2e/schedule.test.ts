import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { makeVideoBytes, serveFiles } from '../sandbox/helpers.js';
import { type CliResult, runCli } from './cli.js';
import {
  drainSheetFaults,
  expectOneLine,
  ids,
  publishesTitled,
  sandboxWithAna,
  sha256,
} from './sources-helpers.js';

const HOUR = 3_600_000;
const video = makeVideoBytes(512 * 1024 + 7);
const HEADER = [
  'tiktok_video_url',
  'tiktok_title',
  'tiktok_privacy_status',
  'allow_comments',
  'allow_duet',
  'allow_stitch',
  'is_brand_organic',
  'is_brand_content',
  'auto_add_music',
  'date',
  'time',
  'status',
];
// Rows are local times of the child's TZ. Pick a zone whose hour is at most half over, so no
// hour boundary passes while this file runs: UTC, or India (+05:30) in the second half of a UTC hour.
const TZ = new Date().getUTCMinutes() < 30 ? 'UTC' : 'Asia/Kolkata';
let sandbox: Sandbox;
let env: Record<string, string>;
let files: Awaited<ReturnType<typeof serveFiles>>;

/** The date (%d-%m-%Y) and hour (%H) of an instant in TZ, plus its day and month. */
function local(ms: number) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' },
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    date: `${get('day')}-${get('month')}-${get('year')}`,
    hour: get('hour'),
    dd: get('day'),
    mm: get('month'),
    yyyy: get('year'),
  };
}

/** One sheet row in the seed's twelve columns. */
function row(title: string, at: { date: string; hour: string }, over: Partial<Record<string, string>> = {}) {
  const v = { privacy: 'PUBLIC_TO_EVERYONE', status: 'draft', ...over };
  return [
    files.url('/clip.mp4'),
    title,
    v.privacy,
    'TRUE',
    'FALSE',
    'TRUE',
    'TRUE',
    'FALSE',
    'FALSE',
    at.date,
    at.hour,
    v.status,
  ];
}

function sheetArgs(id: string, name = 'Plan') {
  const { clientEmail, privateKey } = sandbox.sheets.serviceAccount;
  return [
    ...['publish', '--network', 'tiktok', '--tiktok-username', 'ana', '--action', 'schedule'],
    ...['--google-sheets-id', id, '--google-sheets-name', name],
    ...['--google-sheets-client-email', clientEmail, '--google-sheets-private-key', privateKey],
  ];
}

const schedule = (id: string, args: string[] = []) => runCli([...sheetArgs(id), ...args], { ...env, TZ });
const statuses = (id: string) => sandbox.sheets.sheets.rows(id, 'Plan').map((r) => r[11]);

/** Runs `fn` and returns the Sheets endpoints it called (token requests left out). */
async function sheetCalls<T>(fn: () => Promise<T>): Promise<[T, string[]]> {
  const from = sandbox.sheets.requests.length;
  const result = await fn();
  return [
    result,
    sandbox.sheets.requests
      .slice(from)
      .map((r) => r.endpoint)
      .filter((e) => e !== 'token'),
  ];
}

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  files = await serveFiles({ '/clip.mp4': video });
});

afterAll(async () => {
  await files?.close();
  await sandbox?.close();
});

describe('schedule', () => {
  const now = Date.now();
  const today = () => local(now);
  let first: CliResult;
  let calls: string[];

  beforeAll(async () => {
    const t = today();
    // Day and month swapped: read as %d-%m-%Y it is another day (or no date at all when the day > 12).
    const swapped = t.dd !== t.mm ? `${t.mm}-${t.dd}-${t.yyyy}` : `05-11-${Number(t.yyyy) + 1}`;
    sandbox.sheets.sheets.seed('main', 'Plan', [
      HEADER,
      row('Three hours ago', local(now - 3 * HOUR)),
      row('This hour', t),
      row('Next hour', local(now + HOUR)),
      row('Tomorrow', local(now + 24 * HOUR)),
      row('Day and month swapped', { date: swapped, hour: t.hour }),
      row('Bad date', { date: `31-02-${t.yyyy}`, hour: t.hour }),
      row('Bad privacy', t, { privacy: 'FRIENDS' }),
      row('Already published', t, { status: 'published' }),
      row('An hour ago', local(now - HOUR)),
    ]);
    [first, calls] = await sheetCalls(() => schedule('main'));
  });

  it('posts the rows due this hour (and the previous one, within grace), oldest first', () => {
    expect(first.stderr).toMatch(/row 7: .*date "31-02-\d{4}" does not exist/);
    expect(first.stderr).toMatch(/row 8: .*FRIENDS/);
    expect(first.code, first.stderr).toBe(2); // the malformed rows
    const posted = ids(first.stdout).map((id) => sandbox.state.publishes.get(id)!);
    expect(posted.map((p) => p.post_info?.title)).toEqual(['An hour ago', 'This hour']);
    for (const p of posted) {
      expect(p.status).toBe('PUBLISH_COMPLETE');
      expect(p.sha256).toBe(sha256(video));
      expect(p.post_info).toMatchObject({
        privacy_level: 'PUBLIC_TO_EVERYONE',
        disable_comment: false,
        disable_duet: true,
        disable_stitch: false,
        brand_organic_toggle: true,
        brand_content_toggle: false,
      });
    }
  });

  it('does not post late, upcoming, swapped-date, malformed or published rows; reports the late one', () => {
    for (const title of [
      'Three hours ago',
      'Next hour',
      'Tomorrow',
      'Day and month swapped',
      'Already published',
    ])
      expect(publishesTitled(sandbox, title), title).toEqual([]);
    expect(first.stderr).toMatch(/row 2: .*past its window/);
    // A date as people read it, with its zone, not a raw JavaScript Date ("GMT+0000 (…)").
    expect(first.stderr).not.toMatch(/GMT[+-]\d{4} \(/);
    expect(first.stderr).toMatch(
      /row 2: scheduled \w{3} \d{1,2}, \d{4}, \d{2}:\d{2} [AP]M \S+ is past its window/,
    );
  });

  it('writes the statuses back in one batchUpdate after one get', () => {
    expect(calls).toEqual(['get', 'batchUpdate']);
    const write = sandbox.sheets.requests.filter((r) => r.endpoint === 'batchUpdate').at(-1)!;
    expect((write.body as { data: { range: string }[] }).data.map((d) => d.range)).toEqual([
      "'Plan'!L3",
      "'Plan'!L10",
    ]);
    const s = statuses('main');
    expect([s[2], s[9]]).toEqual(['published', 'published']);
    expect(s.filter((x) => x === 'published')).toHaveLength(3);
  });

  it('a second run posts nothing and writes nothing', async () => {
    const before = sandbox.state.publishes.size;
    const [r, again] = await sheetCalls(() => schedule('main'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(again).toEqual(['get']);
    expect(sandbox.state.publishes.size).toBe(before);
  });
});

describe('schedule failures', () => {
  const t = () => local(Date.now());

  it('a post TikTok refuses stays draft with exit 4; the next run posts it', async () => {
    sandbox.sheets.sheets.seed('refused', 'Plan', [HEADER, row('Refused once', t())]);
    sandbox.faults.failNextPublish('spam_risk_too_many_posts');
    const r = await schedule('refused');
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/row 2: not posted, stays draft/);
    expect(statuses('refused')).toEqual(['status', 'draft']);
    const next = await schedule('refused');
    expect(next.code, next.stderr).toBe(0);
    expect(publishesTitled(sandbox, 'Refused once', 'PUBLISH_COMPLETE')).toHaveLength(1);
    expect(statuses('refused')).toEqual(['status', 'published']);
  });

  it('two runs at once for the same account post each due row once', async () => {
    sandbox.sheets.sheets.seed('race', 'Plan', [HEADER, row('Race one', t()), row('Race two', t())]);
    const runs = await Promise.all([schedule('race'), schedule('race')]);
    for (const r of runs) {
      if (r.code !== 0) expectOneLine(r, 1, /Another agoras run for .* is still posting/);
    }
    expect(runs.some((r) => r.code === 0)).toBe(true);
    expect(runs.flatMap((r) => ids(r.stdout))).toHaveLength(2);
    expect(publishesTitled(sandbox, 'Race one')).toHaveLength(1);
    expect(publishesTitled(sandbox, 'Race two')).toHaveLength(1);
    expect(statuses('race')).toEqual(['status', 'published', 'published']);
  });

  it('a failed write-back is reported; the next run marks the row without posting again', async () => {
    sandbox.sheets.sheets.seed('write', 'Plan', [HEADER, row('Written late', t())]);
    sandbox.sheets.faults.add({ endpoint: 'batchUpdate', status: 500, times: 3 });
    const r = await schedule('write');
    await drainSheetFaults(sandbox, 'batchUpdate');
    expect(r.code, r.stderr).toBe(5); // network: Google failed
    expect(r.stderr).toMatch(/Could not mark rows published: Google Sheets failed \(HTTP 500\)/);
    expect(ids(r.stdout)).toHaveLength(1);
    expect(statuses('write')).toEqual(['status', 'draft']);
    const next = await schedule('write');
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe('');
    expect(publishesTitled(sandbox, 'Written late')).toHaveLength(1);
    expect(statuses('write')).toEqual(['status', 'published']);
  });

  it('a wrong spreadsheet id: exit 2 with one line', async () => {
    const r = await schedule('no-such-sheet');
    expectOneLine(r, 2, /Spreadsheet "no-such-sheet" was not found/);
  });

  it('a garbled private key: exit 3 with one line, nothing sent to Google', async () => {
    const { privateKey } = sandbox.sheets.serviceAccount;
    const garbled = privateKey.replace(
      /\n([A-Za-z0-9+/]{64})\n/,
      (_m, line: string) => `\n${line.slice(0, 40)}\n`,
    );
    expect(garbled).not.toBe(privateKey);
    const args = sheetArgs('main').map((a) => (a === privateKey ? garbled : a));
    const [r, calls] = await sheetCalls(() => runCli(args, { ...env, TZ }));
    expectOneLine(r, 3, /private key/);
    expect(r.stderr).not.toContain(garbled.split('\n')[2]);
    expect(calls).toEqual([]);
  });
});
