import { describe, expect, it, vi } from 'vitest';
import type { AccountSummary, AuthorizeRequest } from '../../source/core/service-types.js';
import { AuthError } from '../../source/shared/errors.js';
import { renderApp } from './drive.js';
import { ANA, deferred, fakeServices, KEY, press, type, waitForText } from './helpers.js';

const BO: AccountSummary = { username: 'bo', isDefault: false, state: 'needs-auth' };

describe('Account step', () => {
  it('lists accounts with nickname, username, default marker and state, focused on the default', async () => {
    const services = fakeServices({ listAccounts: async () => [BO, ANA] });
    const app = renderApp(services);
    // TikTok's @username once creator_info answered; the saved name after.
    const frame = await waitForText(app.lastFrame, '(@ana) · saved as ana');
    expect(frame).toContain('› Ana Lima (@ana) · saved as ana  default · ✓ ready');
    expect(frame).toContain('  bo  ⚠ log in again');
    expect(frame).not.toContain('@bo');
    expect(frame).toContain('+ Add account');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'What do you want to post?');
    expect(services.creatorInfo).toHaveBeenCalledWith('ana');
  });

  it('going back from the next step focuses the account chosen before', async () => {
    const cy: AccountSummary = { username: 'cy', nickname: 'Cy', isDefault: false, state: 'ready' };
    const app = renderApp(fakeServices({ listAccounts: async () => [ANA, cy] }));
    await waitForText(app.lastFrame, 'saved as cy');
    await press(app.stdin, KEY.down, KEY.enter);
    await waitForText(app.lastFrame, 'What do you want to post?');
    await press(app.stdin, KEY.esc);
    await waitForText(app.lastFrame, /› .* · saved as cy/);
  });

  it('handles keys that arrive in one chunk in order (Down then Enter)', async () => {
    const cy: AccountSummary = { username: 'cy', nickname: 'Cy', isDefault: false, state: 'ready' };
    const services = fakeServices({ listAccounts: async () => [ANA, cy] });
    const app = renderApp(services);
    await waitForText(app.lastFrame, 'saved as cy');
    await press(app.stdin, KEY.down + KEY.enter);
    await waitForText(app.lastFrame, 'What do you want to post?');
    expect(services.creatorInfo).toHaveBeenCalledWith('cy');
  });

  it('keeps an Enter typed while the accounts are loading, and acts on it once they are there', async () => {
    const accounts = deferred<AccountSummary[]>();
    const app = renderApp(fakeServices({ listAccounts: () => accounts.promise }));
    await waitForText(app.lastFrame, 'Loading saved accounts');
    await press(app.stdin, KEY.enter);
    accounts.resolve([ANA]);
    await waitForText(app.lastFrame, 'What do you want to post?');
  });

  it('a saved login TikTok no longer accepts is found on the picker, and Enter logs in again in place', async () => {
    const services = fakeServices({
      creatorInfo: vi.fn(async () => {
        throw new AuthError("TikTok no longer accepts the saved login for 'ana' (revoked or expired).");
      }),
      savedCredentials: async () => ({ clientKey: 'ck_saved', hasSecret: true }),
      authorize: async (r) => {
        services.calls.authorize.push(r);
        return ANA;
      },
    });
    const app = renderApp(services);
    const frame = await waitForText(app.lastFrame, '⚠ log in again');
    expect(frame).toContain('› Ana Lima · saved as ana  default · ⚠ log in again');
    expect(frame).toContain(
      "TikTok no longer accepts the saved login for 'ana' (revoked or expired). Enter logs in again.",
    );
    expect(frame).not.toContain('✓ ready');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, /Log in to TikTok|What do you want to post\?/);
    expect(services.calls.authorize[0]).toMatchObject({
      username: 'ana',
      clientKey: 'ck_saved',
      clientSecret: '',
    });
  });

  it('exits with 130 on Esc at the first step', async () => {
    const app = renderApp(fakeServices());
    await waitForText(app.lastFrame, 'Ana Lima');
    await press(app.stdin, KEY.esc);
    expect(app.onExit).toHaveBeenCalledWith(130);
  });

  it('adds an account: masked secret, URL shown, browser mentioned, then on to the next step', async () => {
    const pending = deferred<AccountSummary>();
    let request: AuthorizeRequest | undefined;
    const services = fakeServices({
      listAccounts: async () => [],
      authorize: async (r) => {
        request = r;
        return pending.promise;
      },
    });
    const app = renderApp(services);
    await waitForText(app.lastFrame, '› + Add account');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Account name');
    await type(app.stdin, 'cy');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Client key');
    expect(services.savedCredentials).toHaveBeenCalledWith('cy');
    await type(app.stdin, 'ck_123');
    await press(app.stdin, KEY.enter);
    await type(app.stdin, 's3cret');
    const masked = await waitForText(app.lastFrame, '••••••');
    expect(masked).not.toContain('s3cret');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Starting the login');
    expect(request).toMatchObject({ username: 'cy', clientKey: 'ck_123', clientSecret: 's3cret' });
    request?.onUrl('https://www.tiktok.com/v2/auth/authorize/?client_key=ck_123', {
      browser: 'opened',
      redirectUri: 'http://127.0.0.1:3455/callback/',
    });
    const waiting = await waitForText(app.lastFrame, 'client_key=ck_123');
    expect(waiting).toContain('Your browser was opened');
    expect(waiting).toContain('Waiting for you to approve');
    pending.resolve({ username: 'cy', nickname: 'Cy', isDefault: false, state: 'ready' });
    await waitForText(app.lastFrame, 'What do you want to post?');
    expect(services.creatorInfo).toHaveBeenCalledWith('cy');
  });

  it('name, key and secret typed in one burst land in their own fields; the secret only masked', async () => {
    let request: AuthorizeRequest | undefined;
    const looked = deferred<undefined>();
    const services = fakeServices({
      listAccounts: async () => [],
      // The saved-credentials lookup takes a while: what is typed meanwhile waits for its field.
      savedCredentials: () => looked.promise,
      authorize: async (r) => {
        request = r;
        return new Promise(() => {});
      },
    });
    const app = renderApp(services);
    await waitForText(app.lastFrame, '› + Add account');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Account name');
    app.stdin.write(`shop${KEY.enter}ck_123${KEY.enter}s3cret`);
    await waitForText(app.lastFrame, 'Looking for saved credentials');
    looked.resolve(undefined);
    const typed = await waitForText(app.lastFrame, '••••••');
    expect(typed).toMatch(/Account name.*\n\s+shop\s*\n/);
    expect(typed).toMatch(/Client key.*\n\s+ck_123\s*\n/);
    for (const frame of app.frames) expect(frame).not.toContain('s3cret');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Starting the login');
    expect(request).toMatchObject({ username: 'shop', clientKey: 'ck_123', clientSecret: 's3cret' });
  });

  it('with no browser to open, says so and how to finish the login from a server', async () => {
    let request: AuthorizeRequest | undefined;
    const services = fakeServices({
      listAccounts: async () => [],
      savedCredentials: async () => ({ clientKey: 'ck_1', hasSecret: true }),
      authorize: async (r) => {
        request = r;
        return deferred<AccountSummary>().promise;
      },
    });
    const app = renderApp(services);
    await waitForText(app.lastFrame, '› + Add account');
    await press(app.stdin, KEY.enter);
    await type(app.stdin, 'cy');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Starting the login');
    request?.onUrl('https://www.tiktok.com/v2/auth/authorize/?client_key=ck_1', {
      browser: 'unavailable',
      redirectUri: 'http://127.0.0.1:3455/callback/',
    });
    const waiting = await waitForText(app.lastFrame, /client_key=ck_1[\s\S]*Waiting for you to approve/);
    expect(waiting).not.toContain('Your browser was opened');
    expect(waiting).toContain('Open this URL in a browser to log in:');
    expect(waiting).toContain('No browser can be opened here');
    expect(waiting).toMatch(/ssh -L 3455:127\.0\.0\.1:3455 \S+/);
  });

  it('Esc while waiting aborts the login and goes back with the typed fields kept', async () => {
    let request: AuthorizeRequest | undefined;
    const services = fakeServices({
      listAccounts: async () => [],
      authorize: (r) => {
        request = r;
        return new Promise(() => {});
      },
    });
    const app = renderApp(services);
    await waitForText(app.lastFrame, 'Add account');
    await press(app.stdin, KEY.enter);
    await type(app.stdin, 'cy');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Client key');
    await type(app.stdin, 'ck_123');
    await press(app.stdin, KEY.down);
    await type(app.stdin, 'pw');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Starting the login');
    await press(app.stdin, KEY.esc);
    const frame = await waitForText(app.lastFrame, 'Add a TikTok account');
    expect(request?.signal.aborted).toBe(true);
    expect(frame).toContain('ck_123');
    expect(frame).toContain('••');
  });

  it('does not ask again for saved credentials when re-authorizing, and shows a failure with its hint', async () => {
    const services = fakeServices({
      listAccounts: async () => [BO],
      savedCredentials: async () => ({ clientKey: 'ck_saved', hasSecret: true }),
      authorize: async (r) => {
        services.calls.authorize.push(r);
        throw new AuthError('TikTok refused the client secret.', {
          hint: 'Check the secret in your developer app.',
        });
      },
    });
    const app = renderApp(services);
    await waitForText(app.lastFrame, 'bo  ⚠ log in again');
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'TikTok refused the client secret.');
    expect(frame).toContain('Check the secret in your developer app.');
    expect(frame).not.toContain('Client secret');
    expect(services.calls.authorize[0]).toMatchObject({
      username: 'bo',
      clientKey: 'ck_saved',
      clientSecret: '',
    });
  });

  it('asks only for the secret when just the client key is saved', async () => {
    const services = fakeServices({
      listAccounts: async () => [BO],
      savedCredentials: async () => ({ clientKey: 'ck_saved', hasSecret: false }),
    });
    const app = renderApp(services);
    await waitForText(app.lastFrame, 'bo  ⚠ log in again');
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, 'Client secret');
    expect(frame).not.toContain('Client key (');
    await type(app.stdin, 'pw');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'What do you want to post?');
    expect(services.calls.authorize[0]).toMatchObject({
      username: 'bo',
      clientKey: 'ck_saved',
      clientSecret: 'pw',
    });
  });

  it('refuses an empty field', async () => {
    const app = renderApp(fakeServices({ listAccounts: async () => [] }));
    await waitForText(app.lastFrame, 'Add account');
    await press(app.stdin, KEY.enter, KEY.enter);
    await waitForText(app.lastFrame, 'This is needed to log in.');
  });
});
