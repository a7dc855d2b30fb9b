import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { AccountSummary, Agoras, LoginUrlInfo } from '../../core/service-types.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Select, type SelectItem } from '../components/Select.js';
import { Spinner } from '../components/Spinner.js';
import { useAbortControllers, useMounted } from '../hooks/use-abort.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import { describeFailure } from '../outcome.js';
import { type AccountForm, AddAccountForm, emptyAccountForm } from './AddAccountForm.js';
import { Authorizing } from './Authorizing.js';

export interface AccountStepProps {
  services: Agoras;
  /** The account chosen before going back to this screen: it gets the focus again. */
  chosen?: string | undefined;
  onChosen(account: AccountSummary): void;
  /** Esc on the first screen leaves the wizard. */
  onCancel(): void;
}

type Mode =
  | { kind: 'list' }
  | { kind: 'form' }
  | { kind: 'authorizing'; username: string; url?: string; info?: LoginUrlInfo; backTo: 'list' | 'form' };

type Accounts =
  | { status: 'loading' }
  | { status: 'ready'; list: AccountSummary[] }
  | { status: 'failed'; error: string };

function accountItem(account: AccountSummary): SelectItem {
  const name = account.nickname ? `${account.nickname} (@${account.username})` : `@${account.username}`;
  const ready = account.state === 'ready';
  return {
    id: account.username,
    label: name,
    detail: `${account.isDefault ? 'default · ' : ''}${ready ? '✓ ready' : '⚠ needs re-authorization'}`,
    detailColor: ready ? 'green' : 'yellow',
  };
}

/** Step 1: pick a saved account, re-authorize one, or add one through TikTok's login. */
export function AccountStep({ services, chosen, onChosen, onCancel }: AccountStepProps) {
  const [accounts, setAccounts] = useState<Accounts>({ status: 'loading' });
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [form, setForm] = useState<AccountForm>(emptyAccountForm);
  const [error, setError] = useState<{ message: string; hint?: string } | undefined>();
  const newController = useAbortControllers();
  const mounted = useMounted();
  const [authorizing, setAuthorizing] = useState<AbortController | undefined>();

  const list = accounts.status === 'ready' ? accounts.list : [];
  const items = [...list.map(accountItem), { id: '+add', label: '+ Add account' }];
  const [focus, setFocus] = useFocusIndex(items.length, { isActive: mode.kind === 'list' });

  useEffect(() => {
    services.listAccounts().then(
      (loaded) => {
        if (!mounted.current) return;
        setAccounts({ status: 'ready', list: loaded });
        const again = loaded.findIndex((a) => a.username === chosen);
        setFocus(
          again >= 0
            ? again
            : Math.max(
                0,
                loaded.findIndex((a) => a.isDefault),
              ),
        );
      },
      (e: unknown) => mounted.current && setAccounts({ status: 'failed', error: describeFailure(e).message }),
    );
  }, [services, mounted, setFocus, chosen]);

  function authorize(
    username: string,
    clientKey: string,
    clientSecret: string,
    backTo: 'list' | 'form',
    withStats = false,
  ) {
    const controller = newController();
    setAuthorizing(controller);
    setError(undefined);
    setMode({ kind: 'authorizing', username, backTo });
    services
      .authorize({
        username,
        clientKey,
        clientSecret,
        withStats,
        signal: controller.signal,
        onUrl: (url, info) => {
          if (!controller.signal.aborted) setMode({ kind: 'authorizing', username, url, info, backTo });
        },
      })
      .then(
        (account) => {
          if (!controller.signal.aborted) onChosen(account);
        },
        (e: unknown) => {
          if (controller.signal.aborted || !mounted.current) return;
          const failure = describeFailure(e);
          setError(failure.hint ? { message: failure.message, hint: failure.hint } : failure);
          setMode({ kind: backTo });
        },
      );
  }

  /** A saved account that needs re-authorization: ask only for what is not saved. */
  async function reauthorize(username: string) {
    const saved = await services.savedCredentials(username).catch(() => undefined);
    if (!mounted.current) return;
    if (saved?.hasSecret) {
      // Empty secret: the services use the saved one (AuthorizeRequest.clientSecret says so).
      authorize(username, saved.clientKey, '', 'list');
      return;
    }
    setForm({ ...emptyAccountForm, username, clientKey: saved?.clientKey ?? '', lookedUp: username, saved });
    setError(undefined);
    setMode({ kind: 'form' });
  }

  function choose() {
    const account = list[focus];
    if (!account) {
      setError(undefined);
      setMode({ kind: 'form' });
    } else if (account.state === 'ready') onChosen(account);
    else void reauthorize(account.username);
  }

  // An Enter typed while the accounts are still loading is kept and acted on once they are there.
  const enterWhileLoading = useRef(false);
  useEffect(() => {
    if (accounts.status === 'loading' || !enterWhileLoading.current) return;
    enterWhileLoading.current = false;
    choose();
  });

  useKeys(
    (_input, key) => {
      if (key.escape) return onCancel();
      if (!key.return) return;
      if (accounts.status === 'loading') enterWhileLoading.current = true;
      else choose();
    },
    { isActive: mode.kind === 'list' },
  );

  useKeys(
    (_input, key) => {
      if (!key.escape) return;
      authorizing?.abort();
      setMode({ kind: mode.kind === 'authorizing' ? mode.backTo : 'list' });
    },
    { isActive: mode.kind === 'authorizing' },
  );

  if (mode.kind === 'authorizing') {
    return <Authorizing username={mode.username} url={mode.url} info={mode.info} />;
  }
  if (mode.kind === 'form') {
    return (
      <AddAccountForm
        services={services}
        form={form}
        onChange={(next) => {
          // The login's error was about what was typed before: editing it makes it stale.
          setError(undefined);
          setForm(next);
        }}
        error={error}
        onSubmit={(f) => authorize(f.username, f.clientKey, f.clientSecret, 'form', f.withStats)}
        onBack={() => {
          setError(undefined);
          setMode({ kind: 'list' });
        }}
      />
    );
  }
  return (
    <StepBody hints={[KEYS.move, ['Enter', 'choose'], ['Esc', 'quit']]}>
      <Text>Which TikTok account?</Text>
      <Box marginTop={1} flexDirection="column">
        {accounts.status === 'loading' ? (
          <Spinner label="Loading saved accounts…" />
        ) : (
          <Select items={items} focusedIndex={focus} />
        )}
        {accounts.status === 'failed' && <FieldError message={accounts.error} indent={0} />}
        <FieldError message={error?.message} indent={0} />
        {error?.hint && <Text dimColor>{error.hint}</Text>}
      </Box>
    </StepBody>
  );
}
