import { AgorasError, ExitCode } from '../shared/errors.js';
import type { PublishStatus } from '../tiktok/types.js';
import { wizardFix } from './fix-text.js';

/** The headline for a publish status as the result screen shows it. */
export function statusHeadline(status: PublishStatus): string {
  switch (status) {
    case 'PUBLISH_COMPLETE':
      return 'Posted';
    case 'SEND_TO_USER_INBOX':
      return 'Sent to your TikTok inbox as a draft';
    case 'FAILED':
      return 'TikTok could not publish the post';
    default:
      return 'Still processing on TikTok';
  }
}

/** A failed publish in plain words: message, hint, what to do next, and the exit code. */
export interface FailureView {
  message: string;
  hint?: string;
  next: string;
  exitCode: number;
}

const NEXT_BY_CODE: Record<number, string> = {
  [ExitCode.usage]: 'Go through the wizard again and fix the media or the details.',
  [ExitCode.auth]: 'Run the wizard again and re-authorize the account.',
  [ExitCode.refused]: 'Check the post against TikTok’s rules, then try again later.',
  [ExitCode.network]: 'Check your connection and run the wizard again.',
};

function nextHint(error: AgorasError): { hint?: string } {
  const hint = error.hint ?? (error.fix ? wizardFix(error.fix) : undefined);
  return hint === undefined ? {} : { hint };
}

/** Turns whatever publish threw into a failure view; unknown errors exit 1. */
export function describeFailure(error: unknown): FailureView {
  if (error instanceof AgorasError) {
    return {
      message: error.message,
      ...nextHint(error),
      next: NEXT_BY_CODE[error.exitCode] ?? 'Run the wizard again.',
      exitCode: error.exitCode,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: message || 'Something unexpected went wrong.',
    next: 'Run the wizard again; if it keeps failing, run with --debug and report it.',
    exitCode: ExitCode.unexpected,
  };
}
