import { describe, expect, it } from 'vitest';
import type { AccountSummary, AuthorizeRequest } from '../../source/core/service-types.js';
import { renderApp } from './drive.js';
import { deferred, fakeServices, KEY, press, type, waitForText } from './helpers.js';

// The stats permissions are opt-in: a checkbox on the add-account form, off at first.
async function addAccount(optIn: boolean): Promise<AuthorizeRequest | undefined> {
  let request: AuthorizeRequest | undefined;
  const services = fakeServices({
    listAccounts: async () => [],
    authorize: async (r) => {
      request = r;
      return deferred<AccountSummary>().promise;
    },
  });
  const app = renderApp(services);
  await waitForText(app.lastFrame, '› + Add account');
  await press(app.stdin, KEY.enter);
  const form = await waitForText(app.lastFrame, 'Account name');
  expect(form).toContain('[ ] Also let agoras read views, likes and followers');
  await type(app.stdin, 'cy');
  if (optIn) {
    await press(app.stdin, KEY.down);
    await waitForText(app.lastFrame, '› [ ] Also let agoras read views');
    await press(app.stdin, KEY.space);
    await waitForText(app.lastFrame, '› [x] Also let agoras read views');
  }
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, 'Client key');
  await type(app.stdin, 'ck_1');
  await press(app.stdin, KEY.enter);
  await type(app.stdin, 'secret');
  await press(app.stdin, KEY.enter);
  await waitForText(app.lastFrame, 'Starting the login');
  return request;
}

describe('the add-account form', () => {
  it('asks for the stats permissions only when the box is ticked', async () => {
    expect(await addAccount(false)).toMatchObject({ username: 'cy', withStats: false });
    expect(await addAccount(true)).toMatchObject({ username: 'cy', clientKey: 'ck_1', withStats: true });
  });
});
