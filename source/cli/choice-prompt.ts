import { styleText } from 'node:util';
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isUpKey,
  useKeypress,
  usePrefix,
  useState,
} from '@inquirer/core';

export interface Choice<V extends string> {
  value: V;
  name: string;
  /** Why it cannot be chosen; shown greyed out with the reason. */
  disabled?: string | undefined;
}

export interface ChoiceConfig<V extends string> {
  message: string;
  choices: readonly Choice<V>[];
  /** What Enter with nothing chosen says. */
  nothingChosen: string;
}

/**
 * A list with no answer chosen at first (TikTok's rule for privacy): ↑/↓ moves to a choice, Enter
 * takes it; Enter before any move chooses nothing and says so.
 */
export const choose = createPrompt(<V extends string>(config: ChoiceConfig<V>, done: (value: V) => void) => {
  const [active, setActive] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status });
  const { choices } = config;
  const selectable = choices.map((c, i) => (c.disabled ? -1 : i)).filter((i) => i >= 0);

  useKeypress((key) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      const choice = active === undefined ? undefined : choices[active];
      if (!choice) return setError(config.nothingChosen);
      setStatus('done');
      done(choice.value);
      return;
    }
    const down = isDownKey(key);
    if (!down && !isUpKey(key)) return;
    if (selectable.length === 0) return;
    setError(undefined);
    const at = active === undefined ? -1 : selectable.indexOf(active);
    const next =
      at < 0
        ? down
          ? 0
          : selectable.length - 1
        : (at + (down ? 1 : -1) + selectable.length) % selectable.length;
    setActive(selectable[next]);
  });

  const message = styleText('bold', config.message);
  if (status === 'done' && active !== undefined) {
    return `${prefix} ${message} ${styleText('cyan', choices[active]!.name)}`;
  }
  const lines = choices.map((choice, i) => {
    if (choice.disabled) return styleText('dim', `  - ${choice.name} (${choice.disabled})`);
    return i === active ? styleText('cyan', `❯ ${choice.name}`) : `  ${choice.name}`;
  });
  const help = styleText('dim', 'No default: ↑↓ to choose, Enter to confirm');
  const tail = error ? `\n${styleText('red', `> ${error}`)}` : '';
  return `${prefix} ${message} ${help}\n${lines.join('\n')}${tail}`;
});
