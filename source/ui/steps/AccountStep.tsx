import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { AccountSummary, Agoras, LoginUrlInfo } from '../../core/service-types.js';
import { terminalSafe } from '../../shared/sanitize.js';
import type { CreatorInfo } from '../../tiktok/types.js';
import { tint } from '../colors.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Select, type SelectItem } from '../components/Select.js';
import { Spinner } from '../components/Spinner.js';
import { useAbortControllers, useMounted } from '../hooks/use-abort.js';
import { type AccountCheck, useAccountChecks } from '../hooks/use-account-checks.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import { describeFailure } from '../outcome.js';
import { type AccountForm, AddAccountForm, emptyAccountForm } from './AddAccountForm.js';
import { Authorizing } from './Authorizing.js';

export interface AccountStepProps {
  services: Agoras;
  /** The account chosen before going back to this screen: it gets the focus again. */
  chosen?: string | undefined;
  /** `asked`: the picker's own creator_info request for it, when there was one (not asked again). */
  onChosen(account: AccountSummary, asked?: Promise<CreatorInfo>): void;
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

/**
 * A saved account as the picker shows it: TikTok's identity (nickname, @username) once TikTok has
 * answered, the name it is saved under after; its state as TikTok last said it.
 */
function accountItem(account: AccountSummary, check: AccountCheck | undefined): SelectItem {
  // Stored and remote text (a shared store has other writers, TikTok's names): shown inert, one line.
  const info = check?.status === 'ok' ? check.info : undefined;
  const nickname = info?.creator_nickname ?? account.nickname;
  const handle = info?.creator_username ? ` (@${terminalSafe(info.creator_username)})` : '';
  const saved = terminalSafe(account.username);
  const label = nickname ? `${terminalSafe(nickname)}${handle} · saved as ${saved}` : saved;
  const prefix = account.isDefault ? 'default · ' : '';
  if (needsLogin(account, check))
    return {
      id: account.username,
      label,
      detail: `${prefix}⚠ log in again`,
      detailColor: 'yellow',
    };
  return {
    id: account.username,
    label,
    // Ready only once TikTok said so: until the check has answered, it says it is checking.
    detail: `${prefix}${check?.status === 'ok' ? '✓ ready' : check?.status === 'unknown' ? '? could not check now' : 'checking…'}`,
    detailColor: check?.status === 'ok' ? 'green' : undefined,
  };
}

/** Choosing this account means logging in again first. */
function needsLogin(account: AccountSummary, check: AccountCheck | undefined): boolean {
  return account.state !== 'ready' || check?.status === 'login-refused';
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
  const { checks, asked } = useAccountChecks(
    services,
    accounts.status === 'ready' ? accounts.list : undefined,
  );
  const items = [
    ...list.map((a) => accountItem(a, checks.get(a.username))),
    { id: '+add', label: '+ Add account' },
  ];
  const [focus, setFocus] = useFocusIndex(items.length, { isActive: mode.kind === 'list' });
  const focusedCheck = list[focus] ? checks.get(list[focus].username) : undefined;

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
    } else if (needsLogin(account, checks.get(account.username))) void reauthorize(account.username);
    else onChosen(account, asked(account.username));
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
        {focusedCheck?.status === 'login-refused' && (
          <Text color={tint('yellow')}>{focusedCheck.message} Enter logs in again.</Text>
        )}
        <FieldError message={error?.message} indent={0} />
        {error?.hint && <Text dimColor>{error.hint}</Text>}
      </Box>
    </StepBody>
  );
}
