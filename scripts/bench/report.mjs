// The bench's output: one log line at a time, number formatting, and the rows of the summary table
// that every figure adds to (printed at the end by scripts/bench.mjs).

/** Summary rows, in the order figures recorded them. */
export const summary = [];

export const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const log = (line = '') => process.stdout.write(`${line}\n`);

/** One summary row; `pass` undefined means informational (no target). */
export function record(figure, ours, baseline, ratio, target, pass) {
  summary.push({
    figure,
    ours,
    baseline,
    ratio: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—',
    target,
    result: pass === undefined ? 'info' : pass ? 'PASS' : 'MISS',
  });
}
