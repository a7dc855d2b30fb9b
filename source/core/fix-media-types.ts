/** The data a conversion is offered, consented to and previewed with (shared by video and photos). */

/** A conversion offered for one refused file: what TikTok would fail, and what the copy will be. */
export interface FixOffer {
  kind: 'video' | 'image';
  input: string;
  /** The preflight's one line: what is wrong and what TikTok needs. */
  refusal: string;
  /** What the conversion changes ("AV1 → H.264", "cut to 10:00 …"). */
  changes: string[];
  /** "H.264 · 1080×1920 · 30 fps". */
  result: string;
  /** The streams are copied (a new container only): quick, nothing re-encoded. */
  remux: boolean;
}

/**
 * Whether media TikTok would fail is converted: `convert` without asking (headless `--fix-media`),
 * `refuse` (the refusal names the fix), or a question (the line mode in a terminal, the wizard's key).
 */
export interface MediaFixPolicy {
  consent: 'convert' | 'refuse' | ((offer: FixOffer) => Promise<boolean>);
  /** Cut a video over the duration limit to the limit (only ever when asked). */
  trimToMax?: boolean;
  /** Conversion progress, in seconds of media; without it quarters go to the reporter. */
  onProgress?(doneSec: number, totalSec: number): void;
  env?: NodeJS.ProcessEnv;
}

/** One file publishing would convert: for the Review, `--dry-run` and the post's JSON preview. */
export interface ConversionPreview {
  input: string;
  /** What TikTok would fail, in the preflight's words. */
  refusal: string;
  changes: string[];
  result: string;
}
