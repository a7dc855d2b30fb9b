/** Edit distance (insertions, deletions, substitutions, and swaps of neighbours). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known word nearest to what was typed, if it is near enough to be a typo ("publsh" →
 * "publish", "tiktok-titel" → "tiktok-title"), like gh and git suggest.
 */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  let best: { word: string; score: number } | undefined;
  for (const candidate of known) {
    const score = candidate.startsWith(word) && word.length >= 3 ? 0.5 : distance(word, candidate);
    if (!best || score < best.score) best = { word: candidate, score };
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.min(3, Math.floor(best.word.length / 3)));
  return best.score <= allowed ? best.word : undefined;
}

/** "Did you mean publish?" when there is a near word, else undefined. */
export function didYouMean(typed: string, known: readonly string[], prefix = ''): string | undefined {
  const found = nearest(typed, known);
  return found ? `Did you mean ${prefix}${found}?` : undefined;
}
