// Figure 8: feed parsing memory. Peak RSS of `agoras publish --action last-from-feed --dry-run` (the
// whole CLI process: fetch, decode, shape check, rss-parser, select) for feeds just under the
// 8 MiB cap, each of a hostile shape from issue 13, next to `node -e 0` measured the same way.
// Accepted shapes: target ≤ 250 MB each. Refused shapes (past the shape check's limits) must be
// refused (exit 2) before rss-parser builds them, and are measured too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, record } from './report.mjs';
import { measureNode } from './util.mjs';

const MiB = 1024 * 1024;
/** Just under the feed cap (FEED_MAX_BYTES in source/sources/feed-fetch.ts). */
const SIZE = Math.floor(7.9 * MiB);
/** The shape check's limits (source/sources/feed-shape.ts). */
const MAX_ELEMENTS = 250_000;

const head = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title>';
const tail = '</channel></rss>';
const date = () => new Date(Date.now() - 60_000).toUTCString();
const item = (i, inner = '') =>
  `<item><guid>m${i}</guid><pubDate>${date()}</pubDate><title>Entry ${i}</title>${inner}</item>`;

/** Repeats `unit` until the document is about `SIZE` bytes, or `max` times. */
function fill(unit, max = Number.POSITIVE_INFINITY) {
  return unit.repeat(Math.min(max, Math.floor((SIZE - head.length - tail.length - 200) / unit.length)));
}

/** As many items as fit in SIZE and the element limit (each item is `perItem` elements). */
function items(inner, perItem) {
  const out = [];
  let length = head.length + tail.length;
  for (let i = 0; i < Math.floor((MAX_ELEMENTS - 4) / perItem); i++) {
    const next = item(i, inner(i));
    if (length + next.length > SIZE) break;
    out.push(next);
    length += next.length;
  }
  return out.join('');
}

const ACCEPTED = {
  // As many items as 7.9 MiB holds (about 54 000), each with an enclosure.
  'most items, an enclosure each': () =>
    `${head}${items((i) => `<enclosure url="http://127.0.0.1/v/${i}.mp4"/>`, 5)}${tail}`,
  // As many bare items as the element limit allows (62 499 of 4 elements).
  'most items, 62 499 without media': () => `${head}${items(() => '', 4)}${tail}`,
  'one 7.9 MiB title': () => `${head}<item><guid>t</guid><title>${fill('&lt;a')}</title></item>${tail}`,
  'one 7.9 MiB description': () =>
    `${head}<item><guid>d</guid><description>${fill('lorem ')}</description></item>${tail}`,
  'most elements (250 000 empty)': () =>
    `${head}<item><guid>x</guid>${fill('<a/>', MAX_ELEMENTS - 10)}</item>${tail}`,
  '2 MiB of attribute values (8 KiB URLs)': () =>
    `${head}<item><guid>e</guid>${fill(`<enclosure url="http://127.0.0.1/${'a'.repeat(8150)}.mp4"/>`, 255)}</item>${tail}`,
};

const REFUSED = {
  // 837 MB before issue 13 (xml2js built the attribute a character at a time): now refused.
  'one 7.9 MiB attribute': () =>
    `${head}<item><guid>a</guid><enclosure url="http://127.0.0.1/${'a'.repeat(SIZE - 300)}.mp4" type="video/mp4"/></item>${tail}`,
  'nested 1 000 000 deep': () =>
    `${head}<item><guid>x</guid>${fill('<x>', 1e6)}${'</x>'.repeat(1e6)}</item>${tail}`,
};

// The hostile corpus of issue 13 at its old size (19.5 MiB), given to rss-parser alone (no guard):
// what the cap and the shape check are for.
const BIG = Math.floor(19.5 * MiB);
const UNGUARDED = {
  'one 19.5 MiB attribute': () =>
    `${head}<item><guid>a</guid><enclosure url="http://127.0.0.1/${'a'.repeat(BIG - 300)}.mp4" type="video/mp4"/></item>${tail}`,
  '100 000 items': () =>
    `${head}${Array.from({ length: 100_000 }, (_, i) => item(i, `<enclosure url="http://127.0.0.1/v/${i}.mp4"/>`)).join('')}${tail}`,
  'one 19.5 MiB title': () =>
    `${head}<item><guid>t</guid><title>${'&lt;a'.repeat(Math.floor((BIG - 300) / 5))}</title></item>${tail}`,
};

async function unguarded(ctx, nodeRss) {
  const script = join(import.meta.dirname, 'rss-parser-alone.cjs');
  for (const [name, make] of Object.entries(UNGUARDED)) {
    const file = join(ctx.dataDir, `unguarded-${name.replace(/\W+/g, '-')}.xml`);
    const text = make();
    writeFileSync(file, text);
    const r = await measureNode(script, [file], { env: ctx.env, tmp: ctx.tmp, timeoutMs: 120_000 });
    log(
      `   rss-parser alone, ${name.padEnd(24)} ${(text.length / MiB).toFixed(1)} MiB, peak RSS ${fmt(r.rssMb, 1)} MB, exit ${r.code}`,
    );
    record(
      `rss-parser alone (no guard), ${name}`,
      `${fmt(r.rssMb)} MB`,
      `node -e 0 ${fmt(nodeRss)} MB`,
      NaN,
      '',
      undefined,
    );
  }
}

async function measure(ctx, name, text, expectCode) {
  const { cli, env, tmp, dataDir, files } = ctx;
  const file = `feed-shape-${name.replace(/\W+/g, '-')}.xml`;
  writeFileSync(join(dataDir, file), text);
  const args = [
    ...['publish', '--network', 'tiktok', '--tiktok-username', 'bench', '--dry-run'],
    ...['--action', 'last-from-feed', '--feed-url', `${files}/${file}`],
    ...['--post-lookback', '3600', '--tiktok-privacy-status', 'SELF_ONLY'],
  ];
  const r = await measureNode(cli, args, { env, tmp, timeoutMs: 120_000 });
  if (r.code !== expectCode) throw new Error(`${name}: exit ${r.code}: ${r.stderr.slice(-300)}`);
  log(
    `   ${name.padEnd(40)} ${(text.length / MiB).toFixed(1)} MiB, peak RSS ${fmt(r.rssMb, 1)} MB, wall ${fmt(r.ms)} ms, CPU ${fmt(r.cpuSec, 2)} s`,
  );
  return r;
}

export async function feedMemory(ctx) {
  const base = ctx.nodeBaseline.length
    ? ctx.nodeBaseline
    : [await measureNode(null, [], { env: ctx.env, tmp: ctx.tmp })];
  const nodeRss = Math.min(...base.map((r) => r.rssMb));
  log(`   node -e 0 peak RSS ${fmt(nodeRss, 1)} MB; each feed ≤ ${fmt(SIZE / MiB, 1)} MiB`);
  for (const [name, make] of Object.entries(ACCEPTED)) {
    const r = await measure(ctx, name, make(), 0);
    record(
      `feed peak RSS, ${name}`,
      `${fmt(r.rssMb)} MB`,
      `node -e 0 ${fmt(nodeRss)} MB`,
      NaN,
      '≤ 250 MB',
      r.rssMb <= 250,
    );
  }
  for (const [name, make] of Object.entries(REFUSED)) {
    const r = await measure(ctx, name, make(), 2);
    record(
      `feed refused, ${name}`,
      `${fmt(r.rssMb)} MB`,
      `node -e 0 ${fmt(nodeRss)} MB`,
      NaN,
      'exit 2, ≤ 250 MB',
      r.rssMb <= 250,
    );
  }
  await unguarded(ctx, nodeRss);
}
