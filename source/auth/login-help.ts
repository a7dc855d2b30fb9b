import { hostname } from 'node:os';
import type { LoginUrlInfo } from './authorize.js';

/** The loopback port the login waits on, from its redirect URI (3455 by default). */
function portOf(redirectUri: string): string {
  try {
    return new URL(redirectUri).port || '80';
  } catch {
    return '3455';
  }
}

/**
 * The one command that lets a login on a server finish in the browser of your own machine: TikTok
 * sends the browser to 127.0.0.1:PORT there, and the tunnel carries it to the server.
 */
export function sshTunnelCommand(redirectUri: string, host = hostname()): string {
  const port = portOf(redirectUri);
  return `ssh -L ${port}:127.0.0.1:${port} ${host}`;
}

/** What to say when the login URL could not be opened here, line by line. */
export function noBrowserLines(info: LoginUrlInfo, host = hostname()): string[] {
  const why =
    info.browser === 'failed'
      ? 'The browser could not be opened.'
      : 'No browser can be opened here (no display, --no-browser or AGORAS_NO_BROWSER=1).';
  return [
    why,
    'On a server over SSH: on your own machine, run',
    `  ${sshTunnelCommand(info.redirectUri, host)}`,
    'then open the URL there; TikTok returns to 127.0.0.1 and the tunnel brings it here.',
  ];
}
