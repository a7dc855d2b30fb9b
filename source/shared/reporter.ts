/** How core tells a front end what is happening; core never writes to a terminal itself. */
export interface Reporter {
  /** A new phase begins ("Checking the video", "Uploading"). */
  step(message: string): void;
  /** Bytes sent so far out of total. */
  progress(sent: number, total: number): void;
  /** Something the user should read but that does not stop the run. */
  warn(message: string): void;
  /** Information the user should see (labels, declarations, publish status). */
  info(message: string): void;
  /** A typed milestone a front end shows in its own words (never a sentence to compare). */
  event?(event: CoreEvent): void;
}

/** Milestones of a post that each front end words itself. */
export type CoreEvent =
  /** TikTok has the media; its processing (and moderation) may take minutes. */
  { kind: 'processing'; publishId: string };

/** A reporter that drops everything (tests, dry-run previews, the wizard's background logins). */
export const silentReporter: Reporter = {
  step() {},
  progress() {},
  warn() {},
  info() {},
};
