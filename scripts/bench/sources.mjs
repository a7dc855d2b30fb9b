// Figure 6: feeds and sheets. User+sys CPU of our process only (servers are other processes) for a
// 10 000-item RSS feed (last-from-feed --dry-run, huge lookback, max-count 1) and a 10 000-row sheet
// (schedule --dry-run; one row due), vs the CPU time of `node -e 0`. Those `node -e 0` runs are also
// the RSS baseline of figure 3 (pushed to ctx.nodeBaseline).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, record } from './report.mjs';
import { writeSheet } from './services.mjs';
import { measureNode, median } from './util.mjs';

const CPU_ROUNDS = 3;

/**
 * The schedule sheet's columns, A to L: the bench's one copy of SCHEDULE_COLUMNS in
 * source/sources/schedule-rows.ts (a .mjs script cannot import the TypeScript); keep the two in step.
 */
export const SCHEDULE_COLUMNS = [
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

/** A 10 000-item RSS 2.0 feed, one item an hour going back from now, each with an MP4 enclosure. */
function writeFeed(path, count) {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0"><channel><title>bench</title><link>http://127.0.0.1/</link><description>bench</description>',
  ];
  const t = Date.now();
  for (let i = 0; i < count; i++) {
    const date = new Date(t - (i + 1) * 3_600_000).toUTCString();
    lines.push(
      `<item><title>Video number ${i} &amp; friends</title><link>http://127.0.0.1/post/${i}</link>` +
        `<guid isPermaLink="false">bench-${i}</guid><pubDate>${date}</pubDate>` +
        `<description>Entry ${i} of the bench feed, with a little text to parse.</description>` +
        `<enclosure url="http://127.0.0.1/videos/${i}.mp4" length="1048576" type="video/mp4"/></item>`,
    );
  }
  lines.push('</channel></rss>');
  writeFileSync(path, lines.join('\n'));
}

/** 10 000 schedule rows, one an hour: past ones published, the current hour's draft (due), later ones draft. */
function scheduleRows(count) {
  const rows = [[...SCHEDULE_COLUMNS]];
  const hour = new Date();
  hour.setMinutes(0, 0, 0);
  const pad = (n) => String(n).padStart(2, '0');
  const past = count - 1000; // rows before the current hour
  for (let i = 0; i < count; i++) {
    const offset = i - past; // 0 = this hour
    const at = new Date(hour.getTime() + offset * 3_600_000);
    rows.push([
      `http://127.0.0.1/videos/row-${i}.mp4`,
      `Scheduled video ${i}`,
      'SELF_ONLY',
      'TRUE',
      'FALSE',
      'FALSE',
      'FALSE',
      'FALSE',
      'FALSE',
      `${pad(at.getDate())}-${pad(at.getMonth() + 1)}-${at.getFullYear()}`,
      String(at.getHours()),
      offset < 0 ? 'published' : 'draft',
    ]);
  }
  return rows;
}

export async function feedsAndSheets({ cli, env, tmp, dataDir, files, sandbox, nodeBaseline }) {
  writeFeed(join(dataDir, 'feed-10k.xml'), 10_000);
  await writeSheet(sandbox, 'sandbox-demo', 'Schedule', scheduleRows(10_000));
  const common = ['publish', '--network', 'tiktok', '--tiktok-username', 'bench', '--dry-run'];
  const feedArgs = [
    ...common,
    '--action',
    'last-from-feed',
    '--feed-url',
    `${files}/feed-10k.xml`,
    '--post-lookback',
    String(100 * 365 * 86_400),
    '--max-count',
    '1',
    '--tiktok-privacy-status',
    'SELF_ONLY',
  ];
  const sheetArgs = [
    ...common,
    '--action',
    'schedule',
    '--google-sheets-id',
    'sandbox-demo',
    '--google-sheets-name',
    'Schedule',
    '--google-sheets-client-email',
    sandbox.googleSheetsClientEmail,
    '--google-sheets-private-key',
    sandbox.googleSheetsPrivateKey,
  ];
  const runs = { node: [], feed: [], sheet: [] };
  const check = (what, r, wantLines) => {
    const lines = r.stdout.trim().split('\n').filter(Boolean);
    if (r.code !== 0 || lines.length !== wantLines || !lines.every((l) => l.includes('"dryRun":true'))) {
      throw new Error(`${what}: exit ${r.code}, ${lines.length} line(s) printed: ${r.stderr.slice(-400)}`);
    }
  };
  for (let i = 0; i < CPU_ROUNDS; i++) {
    runs.node.push(await measureNode(null, [], { env, tmp }));
    const feed = await measureNode(cli, feedArgs, { env, tmp, timeoutMs: 60_000 });
    check('last-from-feed', feed, 1);
    runs.feed.push(feed);
    const sheet = await measureNode(cli, sheetArgs, { env, tmp, timeoutMs: 60_000 });
    check('schedule', sheet, 1);
    runs.sheet.push(sheet);
  }
  nodeBaseline.push(...runs.node);
  const cpu = (list) => median(list.map((r) => r.cpuSec));
  const wall = (list) => median(list.map((r) => r.ms));
  const base = cpu(runs.node);
  log(`   median of ${CPU_ROUNDS} interleaved runs; CPU = user + sys of the agoras process:`);
  for (const [name, list] of Object.entries(runs)) {
    log(
      `   ${name.padEnd(6)} CPU ${fmt(cpu(list), 2)} s (user ${fmt(median(list.map((r) => r.userSec)), 2)}, sys ${fmt(median(list.map((r) => r.systemSec)), 2)}), wall ${fmt(wall(list))} ms, peak RSS ${fmt(median(list.map((r) => r.rssMb)), 1)} MB`,
    );
  }
  for (const [label, key] of [
    ['feed 10 000 items, CPU', 'feed'],
    ['sheet 10 000 rows, CPU', 'sheet'],
  ]) {
    const c = cpu(runs[key]);
    record(label, `${fmt(c, 2)} s`, `${fmt(base, 2)} s`, c / base, '≤ 1 s', c <= 1);
  }
}
