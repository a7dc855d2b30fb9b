// Fallback when /usr/bin/time is missing: `node rusage-wrap.mjs OUT.json SCRIPT [ARGS…]` runs SCRIPT
// (an ES module, e.g. dist/cli.js) in this very process as if it were `node SCRIPT ARGS…`, and at
// exit writes this process's own getrusage (peak RSS, user and system CPU) to OUT.json.
// SCRIPT '-' runs nothing: the baseline for an empty `node -e 0`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, script, ...args] = process.argv.slice(2);
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(
    out,
    JSON.stringify({ maxRssKb: u.maxRSS, userSec: u.userCPUTime / 1e6, systemSec: u.systemCPUTime / 1e6 }),
  );
});
if (script !== '-') {
  const path = resolve(script);
  process.argv = [process.argv[0], path, ...args];
  await import(pathToFileURL(path).href);
}
