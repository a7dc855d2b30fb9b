import { postSummary, type SummaryRow } from '../core/post-summary.js';
import { GUIDELINE_TEXT, labelSentence, linkedDeclaration } from '../core/rules.js';
import type { Runtime } from '../core/runtime.js';
import type { PostJob } from '../shared/post-job.js';
import { wrapText } from '../shared/wrap.js';
import type { CreatorInfo } from '../tiktok/types.js';
import type { CommandIO } from './command-io.js';
import type { ParsedArgs } from './flags.js';
import { interactionsFromDefaults } from './job-from-flags.js';
import { confirmPost, creatorFor, prompting, promptState } from './prompts.js';

const TURNED_OFF = 'turned off in your TikTok settings';

/** The summary rows as lines, the label in its column and the value wrapped beside it. */
export function summaryText(rows: readonly SummaryRow[], width: number): string {
  const column = 14;
  return rows
    .flatMap((row) =>
      wrapText(row.value, Math.max(20, width - column)).map(
        (line, i) => `${i === 0 ? row.label.padEnd(column) : ' '.repeat(column)}${line}`,
      ),
    )
    .join('\n');
}

/** Where a prompt reads and writes (the terminal; streams in tests). */
export type PromptContext = { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream };

/** Interactions, asked as the wizard asks them: all off at first, the ones the creator disabled shown so. */
export async function askInteractions(
  job: PostJob,
  creator: CreatorInfo,
  context: PromptContext = {},
): Promise<PostJob> {
  const { checkbox } = await import('@inquirer/prompts');
  const choices = [
    {
      value: 'comments',
      name: 'Allow comments',
      checked: false,
      disabled: creator.comment_disabled && TURNED_OFF,
    },
    ...(job.kind === 'video'
      ? [
          {
            value: 'duet',
            name: 'Allow duet',
            checked: false,
            disabled: creator.duet_disabled && TURNED_OFF,
          },
          {
            value: 'stitch',
            name: 'Allow stitch',
            checked: false,
            disabled: creator.stitch_disabled && TURNED_OFF,
          },
        ]
      : [{ value: 'music', name: 'Auto-add music', checked: false, disabled: false }]),
  ];
  const on = new Set(
    await prompting(() =>
      checkbox({ message: 'Interactions (Space to turn on, Enter when done)', choices }, context),
    ),
  );
  const common = { ...job, allowComments: on.has('comments'), interactionsFromDefaults: false };
  return job.kind === 'video'
    ? { ...job, ...common, kind: 'video', allowDuet: on.has('duet'), allowStitch: on.has('stitch') }
    : { ...job, ...common, kind: 'photo', autoAddMusic: on.has('music') };
}

/**
 * The commercial content disclosure, as the wizard asks it and TikTok's guidelines require in
 * every interactive path: off by default; once on, "Your brand" and/or "Branded content" (not
 * for a private post), and the label TikTok will show.
 */
export async function askCommercial(
  job: PostJob,
  context: PromptContext = {},
  output: NodeJS.WritableStream = process.stderr,
): Promise<PostJob> {
  const { checkbox, confirm } = await import('@inquirer/prompts');
  const disclose = await prompting(() =>
    confirm({ message: 'Does this post promote a brand, product or service?', default: false }, context),
  );
  if (!disclose) return { ...job, brand: { organic: false, content: false } };
  const chosen = new Set(
    await prompting(() =>
      checkbox(
        {
          message: 'What does it promote? (Space to choose, Enter when done)',
          choices: [
            { value: 'organic', name: 'Your brand (yourself or your business)', checked: false },
            {
              value: 'content',
              name: 'Branded content (a third party)',
              checked: false,
              disabled: job.privacy === 'SELF_ONLY' && GUIDELINE_TEXT.brandedNotPrivate,
            },
          ],
          validate: (answer) => answer.length > 0 || GUIDELINE_TEXT.brandChoiceRequired,
        },
        context,
      ),
    ),
  );
  const brand = { organic: chosen.has('organic'), content: chosen.has('content') };
  const label = labelSentence(job.kind, brand);
  if (label) output.write(`${label}.\n`);
  return { ...job, brand };
}

/** True when a brand flag (or its variable) said whether the post is commercial content. */
const brandGiven = (args: ParsedArgs) =>
  args.explicit.has('brand-organic') || args.explicit.has('brand-content');

/**
 * The end of the prompt path (a seed command missing flags, in a terminal): the interactions
 * asked (when no flag set them), the commercial content disclosure (when no brand flag did), then the same summary as the wizard's Review and "Post to
 * TikTok?", which `--yes` skips. With every flag given, nothing is asked and the job is as it was.
 */
export async function finishInTerminal(
  job: PostJob,
  username: string,
  runtime: Runtime,
  args: ParsedArgs,
  io: CommandIO,
): Promise<PostJob> {
  const state = promptState(runtime);
  if (!io.interactive || state.asked.size === 0) return job;
  const creator = await creatorFor(runtime, {
    ...args,
    values: { ...args.values, 'tiktok-username': username },
  });
  if (!creator) return job;
  const info = creator;
  io.reporter.finish?.();
  const withInteractions = interactionsFromDefaults(args.explicit) ? await askInteractions(job, info) : job;
  const asked = brandGiven(args) ? withInteractions : await askCommercial(withInteractions, {}, io.stderr);
  const width = Math.min(100, (process.stderr as { columns?: number }).columns || 80);
  const rows = postSummary(asked, info, { savedAs: username, facts: (input) => state.facts.get(input) });
  const declaration = linkedDeclaration(asked.brand, (text, url) => `${text} (${url})`);
  io.stderr.write(`\n${summaryText(rows, width)}\n\n${wrapText(declaration, width).join('\n')}\n\n`);
  if (args.values.yes === true) return asked;
  await confirmPost();
  return asked;
}
