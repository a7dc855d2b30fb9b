import { Box, Text } from 'ink';
import { type Dispatch, useRef, useState } from 'react';
import { LIMITS } from '../../core/rules.js';
import type { Agoras, MediaCheck } from '../../core/service-types.js';
import { tint } from '../colors.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { TextField } from '../components/TextField.js';
import { type CheckState, checkKey, mediaInput, type PostKind } from '../draft.js';
import { useAbortControllers } from '../hooks/use-abort.js';
import type { CreatorInfoHandle } from '../hooks/use-creator-info.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import type { WizardAction } from '../hooks/use-wizard.js';
import { isHttpUrl, mediaShapeProblem } from '../media-shape.js';
import { describeFailure, type FailureView } from '../outcome.js';
import { FieldStatus, type Fixing, FixStatus } from './MediaFieldStatus.js';
import { MediaHostForm } from './MediaHostForm.js';

export interface MediaStepProps {
  kind: PostKind;
  video: string;
  images: string[];
  checks: Record<string, CheckState>;
  dispatch: Dispatch<WizardAction>;
  services: Agoras;
  creator: CreatorInfoHandle;
  onNext(): void;
  onBack(): void;
}

/** Step 3: the video (file or URL) or up to four image URLs, each checked inline on Enter. */
export function MediaStep(props: MediaStepProps) {
  const { kind, checks, dispatch, services, creator } = props;
  const fields = kind === 'video' ? [props.video] : props.images;
  const [focus, setFocus] = useFocusIndex(fields.length);
  const [emptyAt, setEmptyAt] = useState<number | undefined>();
  const [accountProblem, setAccountProblem] = useState<FailureView | undefined>();
  const [fixing, setFixing] = useState<Fixing | undefined>();
  /** Fields whose fix offer was set aside to edit the path ("e"). */
  const [editing, setEditing] = useState<ReadonlySet<string>>(new Set());
  const newController = useAbortControllers();
  const fixController = useRef<AbortController | undefined>(undefined);
  const [askHost, setAskHost] = useState(false);

  const stateOf = (value: string) => checks[checkKey(kind, mediaInput(kind, value))];
  const isOk = (value: string) => {
    const check = stateOf(value);
    return check?.status === 'done' && check.result.ok;
  };

  function startCheck(value: string) {
    const input = mediaInput(kind, value);
    const key = checkKey(kind, input);
    const controller = newController();
    const { signal } = controller;
    dispatch({ type: 'checkStarted', key });
    // A check cut short (Esc, Ctrl+C) must not leave "checking…" behind in the kept draft.
    const drop = () => dispatch({ type: 'checkDropped', key });
    signal.addEventListener('abort', drop, { once: true });
    const finish = (result: MediaCheck) => {
      if (signal.aborted) return;
      signal.removeEventListener('abort', drop);
      dispatch({ type: 'checkFinished', key, result });
    };
    setAccountProblem(undefined);
    // The account's settings failing (TikTok says it posted too much today) is not about the file:
    // it is said for the whole screen, never under the field as if the video were wrong.
    const settings =
      kind === 'video'
        ? creator.whenReady().then(
            (info) => info,
            (error: unknown) => {
              if (signal.aborted) return undefined;
              signal.removeEventListener('abort', drop);
              dispatch({ type: 'checkDropped', key });
              setAccountProblem(describeFailure(error));
              return undefined;
            },
          )
        : Promise.resolve(undefined);
    settings
      .then((info) => {
        if (kind === 'video' && !info) return undefined;
        return info ? services.checkVideo(input, info, signal) : services.checkImage(input, signal);
      })
      .then(
        (result) => result && finish(result),
        (error: unknown) => finish({ ok: false, message: describeFailure(error).message }),
      );
  }

  /** The focused video's conversion offer, while it is shown (the field takes no typing then). */
  const focused = fields[focus] ?? '';
  const focusedCheck = stateOf(focused);
  const offer =
    !editing.has(focused) &&
    focusedCheck?.status === 'done' &&
    !focusedCheck.result.ok &&
    focusedCheck.result.fix
      ? focusedCheck.result.fix
      : undefined;

  function startFix(value: string) {
    const input = mediaInput(kind, value);
    const controller = newController();
    const { signal } = controller;
    fixController.current = controller;
    setFixing({ doneSec: 0, totalSec: 0 });
    const index = focus;
    const converting =
      kind === 'photo'
        ? services.fixImage(input, signal)
        : creator.whenReady().then((info) =>
            services.fixVideo(input, info, signal, (doneSec, totalSec) => {
              if (!signal.aborted) setFixing({ doneSec, totalSec });
            }),
          );
    converting.then(
      (output) => {
        if (signal.aborted) return;
        setFixing(undefined);
        // The copy is what will be posted: the field names it, and it is checked like any file.
        setValue(index, output);
        startCheck(output);
      },
      (error: unknown) => {
        if (signal.aborted) return;
        setFixing(undefined);
        const key = checkKey(kind, input);
        dispatch({
          type: 'checkFinished',
          key,
          result: { ok: false, message: describeFailure(error).message },
        });
      },
    );
  }

  function submit() {
    const value = fields[focus] ?? '';
    if (value.trim() === '') return setEmptyAt(focus);
    setEmptyAt(undefined);
    if (mediaShapeProblem(kind, value)) return;
    const check = stateOf(value);
    if (!check) return startCheck(value);
    if (check.status === 'checking') return;
    if (fields.every(isOk)) {
      // A local photo needs the media host: asked for once, the first time.
      if (kind === 'photo' && fields.some((f) => !isHttpUrl(mediaInput(kind, f)))) {
        services.mediaHost().then(
          (host) => (host ? props.onNext() : setAskHost(true)),
          () => setAskHost(true),
        );
        return;
      }
      return props.onNext();
    }
    // Check what has not been checked yet, then take the user to the first field needing them.
    for (const other of fields) {
      if (other.trim() !== '' && !stateOf(other) && !mediaShapeProblem(kind, other)) startCheck(other);
    }
    const firstBad = fields.findIndex((other) => !isOk(other));
    if (firstBad >= 0) {
      setFocus(firstBad);
      if (fields[firstBad]?.trim() === '') setEmptyAt(firstBad);
    }
  }

  useKeys((input, key) => {
    if (askHost) return; // the media host form has the keys
    if (fixing) {
      // Esc stops the conversion (ffmpeg is stopped, its partial file removed); the offer stays.
      if (key.escape) {
        fixController.current?.abort();
        setFixing(undefined);
      }
      return;
    }
    if (key.escape) return props.onBack();
    if (key.return) return submit();
    if (offer && input === 'f') return startFix(focused);
    if (offer && input === 'e') return setEditing(new Set([...editing, focused]));
    if (kind !== 'photo') return;
    if (key.ctrl && input === 'n' && fields.length < LIMITS.maxImages) {
      dispatch({ type: 'addImage' });
      setFocus(fields.length);
    } else if ((key.backspace || key.delete) && fields[focus] === '' && fields.length > 1) {
      dispatch({ type: 'removeImage', index: focus });
      setFocus(Math.max(0, focus - 1));
      setEmptyAt(undefined);
    }
  });

  const setValue = (index: number, value: string) =>
    kind === 'video'
      ? dispatch({ type: 'patch', patch: { video: value } })
      : dispatch({ type: 'setImage', index, value });

  const emptyMessage =
    kind === 'video' || fields.length === 1
      ? 'Enter a URL or a file path.'
      : 'Type a URL, or press Backspace to remove this empty field.';
  const hints =
    kind === 'photo'
      ? ([KEYS.move, ['Enter', 'check/continue'], ['Ctrl+N', 'add image'], KEYS.back, KEYS.quit] as const)
      : ([['Enter', 'check/continue'], KEYS.back, KEYS.quit] as const);

  if (askHost) {
    return (
      <StepBody hints={[KEYS.quit]}>
        <MediaHostForm services={services} onDone={props.onNext} onCancel={() => setAskHost(false)} />
      </StepBody>
    );
  }
  return (
    <StepBody hints={hints}>
      <Text>
        {kind === 'video'
          ? 'The video to post: an http(s) URL or a local file path.'
          : `The photos: 1 to ${LIMITS.maxImages} image URLs or local files (TikTok pulls them).`}
      </Text>
      {accountProblem && (
        <Box flexDirection="column" marginTop={1}>
          <Text color={tint('red')}>
            ✗ TikTok will not take a post from this account now: {accountProblem.message}
          </Text>
          {accountProblem.hint && <Text dimColor>{accountProblem.hint}</Text>}
          <Text dimColor>Press Enter to ask TikTok again, or Esc to go back.</Text>
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        {fields.map((value, index) => (
          <TextField
            // biome-ignore lint/suspicious/noArrayIndexKey: fields are positional; their text changes as typed
            key={index}
            label={kind === 'video' ? 'Video URL or file' : `Image ${index + 1}`}
            value={value}
            focused={index === focus && !offer && !fixing}
            onChange={(next) => setValue(index, next)}
            error={emptyAt === index && value.trim() === '' ? emptyMessage : undefined}
          >
            {fixing && index === focus ? (
              <FixStatus fixing={fixing} />
            ) : (
              <FieldStatus check={stateOf(value)} shape={mediaShapeProblem(kind, value)} />
            )}
          </TextField>
        ))}
      </Box>
    </StepBody>
  );
}
export { describeCheck } from './MediaFieldStatus.js';
