import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { TextField } from '../../source/ui/components/TextField.js';
import { KeyRouterProvider } from '../../source/ui/hooks/use-keys.js';
import { tick, waitForText } from './helpers.js';

/** One field in the wizard's key router, its value printed as JSON so tests can read it exactly. */
function Field(props: { initial: string; multiline?: boolean; limit?: number; seen(v: string): void }) {
  const { initial, multiline, limit } = props;
  const [value, setValue] = useState(initial);
  props.seen(value);
  return (
    <KeyRouterProvider>
      <TextField
        label="Title"
        value={value}
        onChange={setValue}
        focused
        multiline={multiline}
        {...(limit ? { limit } : {})}
      />
      <Text>VALUE</Text>
    </KeyRouterProvider>
  );
}

async function field(initial: string, options: { multiline?: boolean; limit?: number } = {}) {
  let rendered = initial;
  const app = render(<Field initial={initial} seen={(v) => (rendered = v)} {...options} />);
  await waitForText(app.lastFrame, 'VALUE');
  await tick();
  const value = () => rendered;
  const until = (expected: string, timeout = 3000) =>
    vi.waitFor(
      () => {
        if (rendered !== expected)
          throw new Error(`value is ${JSON.stringify(rendered)}, want ${JSON.stringify(expected)}`);
      },
      { timeout, interval: 10 },
    );
  /** Sends bytes in one write, as one read from the terminal, and waits for the rendered value. */
  const send = async (data: string, expected: string) => {
    app.stdin.write(data);
    await until(expected);
    return value();
  };
  return { app, value, send, until };
}

const LEFT = '\u001b[D';
const RIGHT = '\u001b[C';
const BS = '\u007f';

describe('text fields: keys that arrive together', () => {
  it('five Backspaces in one read delete five characters', async () => {
    const { send } = await field('hello world');
    expect(await send(BS.repeat(5), 'hello ')).toBe('hello ');
  });

  it('3100 Backspaces held down delete 3100 characters, whether they come in one read or many', async () => {
    const one = await field('x'.repeat(3200));
    expect(await one.send(BS.repeat(3100), 'x'.repeat(100))).toHaveLength(100);
    const many = await field('y'.repeat(3200));
    for (let i = 0; i < 3100; i++) many.app.stdin.write(BS);
    await many.until('y'.repeat(100), 20_000);
  });

  it('text, Backspaces and arrows in one read are applied in order', async () => {
    const { send } = await field('hello world');
    await send(`abc${BS}${BS}`, 'hello worlda');
    await send(`${LEFT}${LEFT}${LEFT}X`, 'hello worXlda');
  });
});

describe('text fields: line editing like readline', () => {
  it.each([
    ['← then typing inserts before the last character', `${LEFT}X`, 'hello worlXd'],
    ['→ moves back right; at the end it stays', `${LEFT}${LEFT}${RIGHT}X${RIGHT}${RIGHT}Y`, 'hello worlXdY'],
    ['Home (ESC [H)', '\u001b[HX', 'Xhello world'],
    ['Home (ESC [1~)', '\u001b[1~X', 'Xhello world'],
    ['Home (ESC OH)', '\u001bOHX', 'Xhello world'],
    ['End after Home', `\u001b[H\u001b[F${LEFT}X`, 'hello worlXd'],
    ['End (ESC [4~) after Ctrl+A', `\u0001\u001b[4~${LEFT}X`, 'hello worlXd'],
    ['Ctrl+A', '\u0001X', 'Xhello world'],
    ['Ctrl+E after Ctrl+A', `\u0001\u0005${LEFT}X`, 'hello worlXd'],
    ['Alt+← (ESC [1;3D) moves by word', '\u001b[1;3DX', 'hello Xworld'],
    ['Alt+B moves by word', '\u001bb\u001bbX', 'Xhello world'],
    ['Alt+→ after Ctrl+A moves past a word', '\u0001\u001b[1;3CX', 'helloX world'],
    ['Alt+F after Ctrl+A', '\u0001\u001bfX', 'helloX world'],
    ['Ctrl+← moves by word', '\u001b[1;5DX', 'hello Xworld'],
    ['Delete removes the character under the cursor', `${LEFT}${LEFT}\u001b[3~`, 'hello word'],
    ['Backspace removes the character before the cursor', `${LEFT}${BS}`, 'hello word'],
    ['Ctrl+H is Backspace', `${LEFT}\b`, 'hello word'],
    ['Ctrl+D deletes forward', '\u0001\u0004', 'ello world'],
    ['Ctrl+U cuts to the start', `${LEFT}${LEFT}\u0015`, 'ld'],
    ['Ctrl+K cuts to the end', '\u0001\u001bf\u000b', 'hello'],
    ['Ctrl+W cuts the word before the cursor', '\u0017', 'hello '],
    ['Alt+Backspace cuts the word before the cursor', '\u001b\u007f', 'hello '],
    ['Ctrl+Y puts back what Ctrl+W cut', '\u0017\u0001\u0019', 'worldhello '],
  ])('%s', async (_name, keys, expected) => {
    const { send } = await field('hello world');
    expect(await send(keys, expected)).toBe(expected);
  });
});

describe('text fields: paste', () => {
  it('a bracketed paste of 3000 characters arrives in one go and the counter updates once', async () => {
    const { app, send } = await field('', { limit: 4000 });
    const before = app.frames.length;
    const text = 'word '.repeat(600);
    await send(`\u001b[200~${text}\u001b[201~`, text);
    const counters = app.frames.slice(before).filter((f) => /Title {2}\d+\/4000/.test(f));
    expect(new Set(counters.map((f) => /(\d+)\/4000/.exec(f)?.[1]))).toEqual(new Set(['3000']));
  });

  it('line breaks of a paste become spaces in a one-line field', async () => {
    const { send } = await field('');
    await send('\u001b[200~first line\r\nsecond line\nthird\u001b[201~', 'first line second line third');
  });

  it('line breaks of a paste are kept in a multi-line field, and Alt+Enter adds one', async () => {
    const { send } = await field('', { multiline: true });
    await send('\u001b[200~first line\nsecond line\u001b[201~', 'first line\nsecond line');
    await send('\u001b\r', 'first line\nsecond line\n');
    // A paste without brackets (a terminal without bracketed paste) keeps its line breaks too.
    await send('third\nfourth', 'first line\nsecond line\nthird\nfourth');
  });

  it('a paste split over several reads is one paste', async () => {
    const { app, send } = await field('', { multiline: true });
    app.stdin.write('\u001b[200~one\n');
    app.stdin.write('two\n');
    await send('three\u001b[201~', 'one\ntwo\nthree');
  });

  it('control characters in a paste are dropped, tabs become spaces', async () => {
    const { send } = await field('');
    await send('\u001b[200~a\tb\u0007c\u001b[201~', 'a bc');
  });
});
