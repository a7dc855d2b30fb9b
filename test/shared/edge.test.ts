// The edge: control characters, token prefixes and internal addresses (issue 13).
import { describe, expect, it } from 'vitest';
import { addressKind, nameKind } from '../../source/shared/address.js';
import { captionSafe, remoteText, terminalSafe } from '../../source/shared/sanitize.js';
import { redact, registerSecret } from '../../source/shared/secrets.js';
import { apiError, oauthError } from '../../source/tiktok/errors.js';

describe('sanitiser', () => {
  const evil = 'a\u001b]0;title\u0007b\u001b[2Jc\u009b31md\u007fe\tf\r\ng';

  it('for a terminal, every control character becomes a visible marker', () => {
    expect(terminalSafe(evil)).toBe('a␛]0;title␇b␛[2Jc\ufffd31md␡e␉f␍␊g');
    expect(terminalSafe('one\ntwo', { keepNewlines: true })).toBe('one\ntwo');
    expect(terminalSafe('plain text, é 😀')).toBe('plain text, é 😀');
  });

  it('for TikTok, control characters go; newlines stay only where asked (descriptions)', () => {
    expect(captionSafe(evil)).toBe('a]0;titleb[2Jc31mde f  g');
    expect(captionSafe('line 1\r\nline 2', { keepNewlines: true })).toBe('line 1\nline 2');
  });

  it('a server text is one line, capped', () => {
    const text = remoteText(`${'x'.repeat(500)}\n`, 100);
    expect(text).toHaveLength(100);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('secrets in output', () => {
  it('a quoted prefix of a token is masked, not only the whole token', () => {
    const token = 'act.1234567890abcdefghijklmnopqrstuvwxyzABCDEFGH';
    registerSecret(token);
    const out = redact(`bad token ${token.slice(0, 30)} here, and ${token} there`);
    expect(out).not.toContain('1234567890');
    expect(out).toMatch(/^bad token act\.••••#[0-9a-f]{6} here, and act\.••••#[0-9a-f]{6} there$/);
    expect(redact('act.123 is too short to say anything')).toBe('act.123 is too short to say anything');
  });

  it("TikTok's messages lose control characters and token-shaped words before they become errors", () => {
    const error = apiError('invalid_param', 'token act.unregisteredtoken123 \u001b[2J bad', 400);
    expect(error.message).toBe('TikTok rejected the request: token act.•••• ␛[2J bad');
    const login = oauthError('invalid_grant', `rft.${'z'.repeat(40)}\nrevoked`, 400);
    expect(login.message).toBe('TikTok refused the login: rft.••••␊revoked.');
  });
});

describe('address kinds', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['192.0.2.7', 'private'],
    ['192.0.1.7', 'public'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (host, kind) => {
    expect(addressKind(host)).toBe(kind);
  });

  it('names are not addresses, except localhost', () => {
    expect(addressKind('example.com')).toBeUndefined();
    expect(nameKind('localhost')).toBe('loopback');
    expect(nameKind('api.localhost.')).toBe('loopback');
    expect(nameKind('example.com')).toBeUndefined();
  });
});
