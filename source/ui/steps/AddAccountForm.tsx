import { Box, Text } from 'ink';
import { useState } from 'react';
import type { Agoras } from '../../core/service-types.js';
import { CheckboxList } from '../components/CheckboxList.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Spinner } from '../components/Spinner.js';
import { TextField } from '../components/TextField.js';
import { useMounted } from '../hooks/use-abort.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useHoldKeys, useKeys } from '../hooks/use-keys.js';

/** What the add-account form holds; kept by AccountStep so Esc from the login keeps it. */
export interface AccountForm {
  username: string;
  clientKey: string;
  clientSecret: string;
  /** The username savedCredentials was asked about, and its answer. */
  lookedUp?: string | undefined;
  saved?: { clientKey: string; hasSecret: boolean } | undefined;
  /** Also ask TikTok for the stats permissions (video.list, user.info.stats): opt-in, off at first. */
  withStats?: boolean;
}

export const emptyAccountForm: AccountForm = { username: '', clientKey: '', clientSecret: '' };

type Field = 'username' | 'clientKey' | 'clientSecret';

/** The fields to ask: the key and secret only after the name is known, and only when not saved. */
export function formFields(form: AccountForm): Field[] {
  if (form.lookedUp === undefined || form.lookedUp !== form.username.trim()) return ['username'];
  const fields: Field[] = ['username'];
  if (!form.saved?.clientKey) fields.push('clientKey');
  if (!form.saved?.hasSecret) fields.push('clientSecret');
  return fields;
}

const LABELS: Record<Field, string> = {
  username: 'Account name (your TikTok username)',
  clientKey: 'Client key (from your TikTok developer app)',
  clientSecret: 'Client secret',
};

export interface AddAccountFormProps {
  services: Agoras;
  form: AccountForm;
  onChange(form: AccountForm): void;
  error?: { message: string; hint?: string } | undefined;
  /** Called with a complete form; an empty secret means "use the saved one". */
  onSubmit(form: AccountForm): void;
  onBack(): void;
}

/** Asks for the account name, then the client key and secret that are not saved yet. */
export function AddAccountForm({ services, form, onChange, error, onSubmit, onBack }: AddAccountFormProps) {
  const fields = formFields(form);
  // The text fields, then the stats checkbox (Space toggles it; Enter there goes on as from a field).
  const [focus, setFocus] = useFocusIndex(fields.length + 1, {
    initial: Math.max(
      0,
      fields.findIndex((f) => form[f] === ''),
    ),
  });
  const [missing, setMissing] = useState<Field | undefined>();
  const [lookingUp, setLookingUp] = useState(false);
  const mounted = useMounted();
  const onStats = focus === fields.length;
  const field = fields[Math.min(focus, fields.length - 1)] ?? 'username';
  // 'shop⏎mykey⏎secret' typed in one go: the key and secret wait for their fields, not lost or merged.
  useHoldKeys(lookingUp);

  async function lookUp() {
    const username = form.username.trim();
    setLookingUp(true);
    const saved = await services.savedCredentials(username).catch(() => undefined);
    if (!mounted.current) return;
    setLookingUp(false);
    const next: AccountForm = {
      ...form,
      username,
      lookedUp: username,
      saved,
      clientKey: saved?.clientKey ?? form.clientKey,
    };
    onChange(next);
    if (saved?.hasSecret) onSubmit(next);
    else setFocus(1);
  }

  useKeys(
    (input, key) => {
      if (key.escape) return onBack();
      if (onStats && input === ' ') return onChange({ ...form, withStats: !form.withStats });
      if (!key.return) return;
      if (form[field].trim() === '') return setMissing(field);
      setMissing(undefined);
      if (field === 'username' && fields.length === 1) return void lookUp();
      const empty = fields.find((f) => form[f].trim() === '');
      if (empty) {
        setFocus(fields.indexOf(empty));
        return;
      }
      onSubmit({ ...form, username: form.username.trim(), clientKey: form.clientKey.trim() });
    },
    { isActive: !lookingUp },
  );

  return (
    <StepBody hints={[KEYS.move, ...(onStats ? [KEYS.toggle] : []), ['Enter', 'next'], KEYS.back, KEYS.quit]}>
      <Text>Add a TikTok account</Text>
      <Box flexDirection="column" marginTop={1}>
        {fields.map((f, index) => (
          <TextField
            key={f}
            label={LABELS[f]}
            value={form[f]}
            mask={f === 'clientSecret'}
            focused={index === focus && !lookingUp && !onStats}
            onChange={(value) => {
              if (missing === f) setMissing(undefined);
              onChange({ ...form, [f]: value });
            }}
            error={missing === f ? 'This is needed to log in.' : undefined}
          />
        ))}
        {form.saved?.clientKey && fields.length > 1 && (
          <Text dimColor>Using the client key saved for {form.username}.</Text>
        )}
        <CheckboxList
          items={[
            {
              id: 'stats',
              label: 'Also let agoras read views, likes and followers (video.list, user.info.stats)',
              checked: form.withStats === true,
            },
          ]}
          focusedIndex={onStats && !lookingUp ? 0 : -1}
        />
        {lookingUp && <Spinner label="Looking for saved credentials…" />}
      </Box>
      <FieldError message={error?.message} indent={0} />
      {error?.hint && <Text dimColor>{error.hint}</Text>}
    </StepBody>
  );
}
