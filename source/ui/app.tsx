import { Box, render, useApp } from 'ink';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import type { Agoras } from '../core/service-types.js';
import { ExitCode } from '../shared/errors.js';
import type { PostJob } from '../shared/post-job.js';
import { Header } from './components/Layout.js';
import { PrintAboveProvider } from './components/PrintAbove.js';
import { buildJob } from './draft.js';
import { useCapUsage } from './hooks/use-cap-usage.js';
import { useCreatorInfo } from './hooks/use-creator-info.js';
import { KeyRouterProvider, useKeys } from './hooks/use-keys.js';
import { type DraftPatch, STEP_TITLES, stepsOf, useWizard } from './hooks/use-wizard.js';
import { AccountStep } from './steps/AccountStep.js';
import { ActionStep, type WizardFeatures } from './steps/ActionStep.js';
import { CommercialStep } from './steps/CommercialStep.js';
import { DetailsStep } from './steps/DetailsStep.js';
import { MediaStep } from './steps/MediaStep.js';
import { PublishStep } from './steps/PublishStep.js';
import { ReviewStep } from './steps/ReviewStep.js';
import { SourceSteps } from './steps/SourceSteps.js';

export type { WizardFeatures } from './steps/ActionStep.js';

export interface AppProps {
  services: Agoras;
  sandbox?: boolean | undefined;
  features?: WizardFeatures | undefined;
  /** Called once with the exit code, just before the app unmounts. */
  onExit?: (code: number) => void;
  /** Clock for upload speed and ETA; injectable so tests need no real time. */
  now?: () => number;
}

/** The whole wizard: one draft above the steps, Ctrl+C quits from anywhere. */
function Wizard({ services, sandbox, features, onExit, now = Date.now }: AppProps) {
  const [state, dispatch] = useWizard();
  const creator = useCreatorInfo(services);
  const { exit } = useApp();
  const [job, setJob] = useState<PostJob | undefined>();
  const clock = useRef(now).current;
  const exited = useRef(false);

  const finish = useCallback(
    (code: number) => {
      if (exited.current) return;
      exited.current = true;
      onExit?.(code);
      // Unmounting runs every step's cleanup, which aborts whatever is still running.
      exit();
    },
    [onExit, exit],
  );

  useKeys((input, key) => {
    if (key.ctrl && input === 'c') finish(ExitCode.cancelled);
  });

  const { step, draft } = state;
  const patch = useCallback((change: DraftPatch) => dispatch({ type: 'patch', patch: change }), [dispatch]);
  const next = () => dispatch({ type: 'next' });
  const back = () => dispatch({ type: 'back' });

  const steps = stepsOf(draft);
  const position = step === 'publish' ? undefined : `${steps.indexOf(step) + 1}/${steps.length - 1}`;
  const info = creator.state.status === 'ready' ? creator.state.info : undefined;
  const usage = useCapUsage(services, step === 'review' ? draft.account?.username : undefined);

  let body: ReactNode = null;
  if (step === 'account') {
    body = (
      <AccountStep
        services={services}
        chosen={draft.account?.username}
        onChosen={(account, asked) => {
          // creator_info starts now (the picker's check is it), not when the details screen opens,
          // so that screen rarely waits.
          void creator.load(account.username, asked).catch(() => {});
          dispatch({ type: 'chooseAccount', account });
        }}
        onCancel={() => finish(ExitCode.cancelled)}
      />
    );
  } else if (step === 'action') {
    body = (
      <ActionStep
        kind={draft.kind}
        source={draft.source}
        features={features}
        onChoose={(kind) => {
          if (kind === 'video' || kind === 'photo') dispatch({ type: 'chooseKind', kind });
          else
            void services
              .sheetDefaults()
              .then((sheet) => dispatch({ type: 'chooseSource', source: kind, sheet }));
        }}
        onBack={back}
      />
    );
  } else if (draft.source && !(step === 'details' || step === 'commercial')) {
    body = (
      <SourceSteps
        state={state}
        dispatch={dispatch}
        services={services}
        creator={creator.state}
        onRetryCreator={() => draft.account && creator.load(draft.account.username)}
        now={clock}
        onExit={finish}
      />
    );
  } else if (step === 'media' && draft.kind) {
    body = (
      <MediaStep
        kind={draft.kind}
        video={draft.video}
        images={draft.images}
        checks={state.checks}
        dispatch={dispatch}
        services={services}
        creator={creator}
        onNext={next}
        onBack={back}
      />
    );
  } else if (step === 'details') {
    const account = draft.account;
    body = (
      <DetailsStep
        draft={draft}
        creator={creator.state}
        onChange={patch}
        onNext={next}
        onBack={back}
        onRetryCreator={account ? () => creator.load(account.username) : undefined}
      />
    );
  } else if (step === 'commercial') {
    body = <CommercialStep draft={draft} onChange={patch} onNext={next} onBack={back} />;
  } else if (step === 'review' && draft.account && info) {
    const reviewed = buildJob(draft);
    body = (
      <ReviewStep
        job={reviewed}
        account={draft.account}
        creator={info}
        checks={state.checks}
        usage={usage}
        onBack={back}
        onPost={() => {
          // The job is frozen here: what was reviewed is exactly what is sent.
          setJob(reviewed);
          next();
        }}
      />
    );
  } else if (step === 'publish' && draft.account && job) {
    body = (
      <PublishStep
        services={services}
        username={draft.account.username}
        nickname={info?.creator_nickname ?? draft.account.nickname ?? draft.account.username}
        job={job}
        now={clock}
        onExit={finish}
        creator={info}
        sandbox={sandbox}
      />
    );
  }

  return (
    <Box flexDirection="column">
      <Header title={STEP_TITLES[step]} position={position} sandbox={sandbox} />
      {body}
    </Box>
  );
}

/** The wizard with its key router: every key is handled after the render of the one before. */
export function App(props: AppProps) {
  return (
    <KeyRouterProvider>
      <PrintAboveProvider>
        <Wizard {...props} />
      </PrintAboveProvider>
    </KeyRouterProvider>
  );
}

export interface RunWizardOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  sandbox?: boolean;
  features?: WizardFeatures;
}

/**
 * Runs the wizard until the user posts, fails or quits; resolves with the exit code once Ink has
 * unmounted and the terminal is restored (0 posted, 130 cancelled, the error's code on failure).
 */
export async function runWizard(services: Agoras, options: RunWizardOptions = {}): Promise<number> {
  let code: number = ExitCode.cancelled;
  // Bracketed paste: the terminal marks a paste, so its line breaks are text, never Enters.
  const out = options.stdout ?? process.stdout;
  const bracketed = Boolean(out.isTTY);
  if (bracketed) out.write('\u001b[?2004h');
  const instance = render(
    <App
      services={services}
      sandbox={options.sandbox}
      features={options.features}
      onExit={(c) => {
        code = c;
      }}
    />,
    {
      // Ctrl+C is ours: it must abort running operations and exit 130, not just unmount.
      exitOnCtrlC: false,
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(options.stdout ? { stdout: options.stdout } : {}),
    },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    if (bracketed) out.write('\u001b[?2004l');
  }
  return code;
}
