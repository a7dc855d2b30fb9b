import { describe, expect, it } from 'vitest';
import { formatDate } from '../../source/shared/format.js';
import { renderApp, SOURCES, toSource } from './drive.js';
import { fakeServices, KEY, press, prose, SCHEDULE_PREVIEW, type, waitForText } from './helpers.js';

const KEY_PEM = '-----BEGIN PRIVATE KEY-----\\nMIIEabc\\n-----END PRIVATE KEY-----';

describe('Run the schedule', () => {
  it('says what is missing under each field, without reading the sheet', async () => {
    const services = fakeServices();
    const app = renderApp(services, SOURCES);
    await toSource(app, 'schedule');
    await press(app.stdin, KEY.enter);
    const frame = await waitForText(app.lastFrame, '✗ Enter the spreadsheet ID');
    expect(frame).toContain('✗ Enter the name of the sheet');
    expect(frame).toContain('✗ Paste the private key or give the JSON key file’s path.');
    expect(services.previewSchedule).not.toHaveBeenCalled();
  });

  it('masks a pasted key, previews due/late/upcoming rows and problems, then runs only the reviewed rows', async () => {
    const services = fakeServices();
    const app = renderApp(services, SOURCES);
    await toSource(app, 'schedule');
    await type(app.stdin, 'sheet-123');
    await press(app.stdin, KEY.tab);
    await type(app.stdin, 'Schedule');
    await press(app.stdin, KEY.tab);
    await type(app.stdin, 'bot@proj.iam.gserviceaccount.com');
    await press(app.stdin, KEY.tab);
    await type(app.stdin, KEY_PEM);
    const typed = await waitForText(app.lastFrame, '••••');
    expect(typed).not.toContain('MIIEabc');
    await press(app.stdin, KEY.enter);
    const review = await waitForText(app.lastFrame, 'Run the schedule');
    expect(services.previewSchedule).toHaveBeenCalledWith(
      {
        username: 'ana',
        sheet: {
          spreadsheetId: 'sheet-123',
          sheetName: 'Schedule',
          clientEmail: 'bot@proj.iam.gserviceaccount.com',
          privateKey: KEY_PEM,
        },
      },
      expect.any(AbortSignal),
    );
    expect(review).toContain('Ana Lima');
    expect(review).toContain('1 row due now · 2 upcoming');
    expect(review).toContain('row 2 ·');
    expect(review).toContain('Launch day');
    expect(review).toContain('Paid partnership');
    // One date format for due and late rows alike: the locale's, with the zone (no "11/30/2026, 9:00:00 AM").
    expect(review).toContain(`row 2 · ${formatDate(SCHEDULE_PREVIEW.due[0]!.scheduledAt)} · Launch day`);
    expect(review).toContain(`row 3: scheduled ${formatDate(SCHEDULE_PREVIEW.late[0]!.scheduledAt)} is past`);
    expect(review).toContain('row 5: tiktok_title is empty');
    // A branded row: TikTok's branded content declaration.
    expect(prose(review)).toContain(
      "By posting, you agree to TikTok's Branded Content Policy and Music Usage",
    );
    expect(services.runSchedule).not.toHaveBeenCalled();
    await press(app.stdin, KEY.enter);
    const result = await waitForText(app.lastFrame, '1 posted');
    expect(result).toContain('✓ Sunset timelapse — publish ID v_pub_7');
    expect(services.runSchedule).toHaveBeenCalledWith(
      expect.objectContaining({ username: 'ana', keys: ['2|Launch day|https://cdn.test/launch.mp4'] }),
      expect.anything(),
      expect.any(AbortSignal),
    );
    await press(app.stdin, KEY.enter);
    expect(app.onExit).toHaveBeenCalledWith(0);
  });

  it('accepts a JSON key file path shown in clear, with no email', async () => {
    const services = fakeServices();
    const app = renderApp(services, SOURCES);
    await toSource(app, 'schedule');
    await type(app.stdin, 'sheet-123');
    await press(app.stdin, KEY.tab);
    await type(app.stdin, 'Schedule');
    await press(app.stdin, KEY.tab, KEY.tab);
    await type(app.stdin, '~/keys/sa.json');
    await waitForText(app.lastFrame, '~/keys/sa.json');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, 'Run the schedule');
    expect(services.previewSchedule).toHaveBeenCalledWith(
      { username: 'ana', sheet: expect.objectContaining({ clientEmail: '', privateKey: '~/keys/sa.json' }) },
      expect.any(AbortSignal),
    );
  });

  it('prefills the sandbox sheet, shows a read error, and cannot run with nothing due', async () => {
    const services = fakeServices({
      sheetDefaults: async () => ({
        spreadsheetId: 'sandbox-demo',
        sheetName: 'Schedule',
        clientEmail: 'demo@sandbox.test',
        privateKey: KEY_PEM,
      }),
      previewSchedule: async () => {
        throw new Error('The sheet “Schedule” was not found.');
      },
    });
    const app = renderApp(services, SOURCES);
    await toSource(app, 'schedule');
    const frame = await waitForText(app.lastFrame, 'sandbox-demo');
    expect(frame).toContain('demo@sandbox.test');
    await press(app.stdin, KEY.enter);
    await waitForText(app.lastFrame, '✗ The sheet “Schedule” was not found.');

    const idle = fakeServices({
      previewSchedule: async () => ({ due: [], late: [], upcoming: 4, problems: [], alreadyPosted: [] }),
      sheetDefaults: services.sheetDefaults,
    });
    const second = renderApp(idle, SOURCES);
    await toSource(second, 'schedule');
    await press(second.stdin, KEY.enter);
    const empty = await waitForText(second.lastFrame, 'Nothing to post now.');
    expect(empty).toContain('no rows due now · 4 upcoming');
    expect(empty).not.toContain('Run the schedule ]');
    await press(second.stdin, KEY.enter);
    expect(idle.runSchedule).not.toHaveBeenCalled();
  });
});
