import { describe, expect, it } from 'vitest';
import { describeBytes, sniffImage, sniffVideo } from '../../source/media/media-probe.js';
import { fixture } from '../sandbox/helpers.js';

const atom = (type: string, body = Buffer.alloc(8)) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};

describe('media sniffing by magic bytes', () => {
  it('knows the real fixtures', () => {
    expect(sniffVideo(fixture('sample.mp4'))).toBe('video/mp4');
    expect(sniffVideo(fixture('sample.mov'))).toBe('video/quicktime');
    expect(sniffVideo(fixture('sample.webm'))).toBe('video/webm');
    expect(sniffImage(fixture('sample.jpg'))).toBe('image/jpeg');
    expect(sniffImage(fixture('sample.png'))).toBe('image/png');
    expect(sniffImage(fixture('sample.webp'))).toBe('image/webp');
  });

  it('takes a classic QuickTime file that opens on a wide/mdat atom, without ftyp', () => {
    expect(sniffVideo(Buffer.concat([atom('wide'), atom('mdat')]))).toBe('video/quicktime');
  });

  it('names what a wrong file is', () => {
    expect(sniffVideo(fixture('sample.png'))).toBeUndefined();
    expect(describeBytes(fixture('sample.png'))).toBe('a PNG image');
    expect(describeBytes(Buffer.from('<!DOCTYPE html><html>'))).toBe('an HTML page');
    expect(describeBytes(Buffer.alloc(0))).toBe('empty');
  });
});
