import type { Dispatcher } from 'undici';
import { NetworkError } from '../shared/errors.js';

/**
 * The most a TikTok API or OAuth reply may hold. Real ones are a few kB; an endless or huge body
 * (300 MB once took 1.3 GB and crashed a small heap, its core file holding the access token) is
 * cut off here, before it is kept.
 */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** A reply's text, read up to `max` bytes; more is a NetworkError (exit 5) and the rest is dropped. */
export async function replyText(
  res: Dispatcher.ResponseData,
  who: string,
  max = MAX_REPLY_BYTES,
): Promise<string> {
  const tooLarge = () =>
    new NetworkError(`${who} sent a reply larger than ${Math.round(max / 1024)} KiB; it was not read.`);
  const announced = Number(res.headers['content-length']);
  if (Number.isFinite(announced) && announced > max) {
    res.body.on('error', () => {});
    res.body.destroy();
    throw tooLarge();
  }
  const parts: Buffer[] = [];
  let have = 0;
  for await (const chunk of res.body) {
    have += (chunk as Buffer).length;
    if (have > max) {
      res.body.on('error', () => {});
      res.body.destroy();
      throw tooLarge();
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}
