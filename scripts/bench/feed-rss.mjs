// Figure 7: feed parsing memory. Peak RSS of `agoras publish --action last-from-feed --dry-run` (the
// whole CLI process: fetch, decode, scan, select) for feeds just under the 20 MiB cap, each of a
// hostile shape from issue 13, next to `node -e 0` measured the same way. Target ≤ 200 MB each.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, record } from './report.mjs';
import { measureNode } from './util.mjs';

const MiB = 1024 * 1024;
const SIZE = Math.floor(19.5 * MiB);

const head = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title>';
const tail = '</channel></rss>';
const date = () => new Date(Date.now() - 60_000).toUTCString();
const item = (i, inner = '') =>
  `<item><guid>m${i}</guid><pubDate>${date()}</pubDate><title>Entry ${i}</title>${inner}</item>`;

/** Repeats `unit` until the document is about `SIZE` bytes. */
function fill(unit) {
  return unit.repeat(Math.floor((SIZE - head.length - tail.length) / unit.length));
}

const SHAPES = {
  // 837 MB before: xml2js built the whole attribute character by character.
  'one 19.5 MiB attribute': () =>
    `${head}<item><guid>a</guid><enclosure url="http://127.0.0.1/${'a'.repeat(SIZE - 300)}.mp4" type="video/mp4"/></item>${tail}`,
  // 406 MB before for 100 000 items.
  '100 000 items': () =>
    `${head}${Array.from({ length: 100_000 }, (_, i) => item(i, `<enclosure url="http://127.0.0.1/v/${i}.mp4"/>`)).join('')}${tail}`,
  '190 000 small items': () =>
    `${head}${Array.from({ length: 190_000 }, (_, i) => item(i)).join('')}${tail}`.slice(0, SIZE),
  'one 19.5 MiB title': () => `${head}<item><guid>t</guid><title>${fill('&lt;a')}</title></item>${tail}`,
  'one 19.5 MiB description': () =>
    `${head}<item><guid>d</guid><description>${fill('lorem ')}</description></item>${tail}`,
  '20 000 enclosures in one item': () =>
    `${head}<item><guid>e</guid>${fill('<enclosure url="http://127.0.0.1/a.jpg" type="image/jpeg"/>')}</item>${tail}`,
};

export async function feedMemory({ cli, env, tmp, dataDir, files, nodeBaseline }) {
  const base = nodeBaseline.length ? nodeBaseline : [await measureNode(null, [], { env, tmp })];
  const nodeRss = Math.min(...base.map((r) => r.rssMb));
  log(`   node -e 0 peak RSS ${fmt(nodeRss, 1)} MB; each feed ≈ ${fmt(SIZE / MiB, 1)} MiB`);
  for (const [name, make] of Object.entries(SHAPES)) {
    const file = `feed-shape-${name.replace(/\W+/g, '-')}.xml`;
    let text = make();
    // Keep every shape well-formed and under the cap.
    if (!text.endsWith(tail)) text = `${text.slice(0, text.lastIndexOf('<item>'))}${tail}`;
    writeFileSync(join(dataDir, file), text);
    const args = [
      ...['publish', '--network', 'tiktok', '--tiktok-username', 'bench', '--dry-run'],
      ...['--action', 'last-from-feed', '--feed-url', `${files}/${file}`],
      ...['--post-lookback', '3600', '--tiktok-privacy-status', 'SELF_ONLY'],
    ];
    const r = await measureNode(cli, args, { env, tmp, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`${name}: exit ${r.code}: ${r.stderr.slice(-300)}`);
    log(
      `   ${name.padEnd(30)} peak RSS ${fmt(r.rssMb, 1)} MB, wall ${fmt(r.ms)} ms, CPU ${fmt(r.cpuSec, 2)} s`,
    );
    record(
      `feed parse peak RSS, ${name}`,
      `${fmt(r.rssMb)} MB`,
      `node -e 0 ${fmt(nodeRss)} MB`,
      NaN,
      '≤ 200 MB',
      r.rssMb <= 200,
    );
  }
}
