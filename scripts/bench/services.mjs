// Talking to the sandbox child for the bench: authorizing accounts through the real CLI, FILE_UPLOAD
// inits and curl chunk uploads for the baselines, and seeding its Google Sheets emulator.
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './util.mjs';

/** The sandbox allows 6 inits per access token per sliding minute; we spread inits over accounts. */
export class InitBudget {
  #hits = new Map();
  constructor(names) {
    for (const name of names) this.#hits.set(name, []);
  }
  /** An account with an init left now; waits (at most 61 s) when every account is used up. */
  async take() {
    for (let attempt = 0; attempt < 62; attempt++) {
      const t = Date.now();
      for (const [name, hits] of this.#hits) {
        const recent = hits.filter((h) => h > t - 61_000);
        this.#hits.set(name, recent);
        if (recent.length < 6) {
          recent.push(t);
          return name;
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error('no account has an init left');
  }
}

/**
 * `agoras publish --action authorize` against the sandbox: read the login URL from stderr, play the
 * browser (GET it; the auto-consenting sandbox 302s to the CLI's callback; GET that too).
 */
export async function authorizeAccount({ cli, env, sandbox, username }) {
  let browsing;
  let seen = '';
  const result = await run(
    process.execPath,
    [
      cli,
      'publish',
      '--network',
      'tiktok',
      '--action',
      'authorize',
      '--tiktok-username',
      username,
      '--tiktok-client-key',
      sandbox.clientKey,
      '--tiktok-client-secret',
      sandbox.clientSecret,
      '--tiktok-redirect-uri',
      'http://127.0.0.1:0/callback/',
      '--no-browser',
    ],
    {
      env,
      timeoutMs: 30_000,
      onStderr(chunk) {
        seen += chunk;
        const url = /(http:\/\/127\.0\.0\.1:\d+\/v2\/auth\/authorize\/\?\S+)/.exec(seen)?.[1];
        if (url && !browsing) {
          browsing = (async () => {
            const consent = await fetch(url, { redirect: 'manual' });
            await consent.arrayBuffer();
            const location = consent.headers.get('location');
            if (consent.status !== 302 || !location)
              throw new Error(`authorize page answered ${consent.status}`);
            const callback = await fetch(location, { redirect: 'manual' });
            await callback.arrayBuffer();
          })();
          browsing.catch(() => {});
        }
      },
    },
  );
  if (browsing) await browsing;
  if (result.code !== 0) {
    throw new Error(`authorize ${username} exited ${result.code}: ${result.stderr.trim().slice(-500)}`);
  }
}

/** The saved access token of an account, from <AGORAS_CONFIG_DIR>/config.json. */
export function accessToken(configDir, username) {
  const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8'));
  const token = config.accounts?.[username]?.accessToken;
  if (!token) throw new Error(`no access token for ${username} in ${configDir}/config.json`);
  return token;
}

/** POST /v2/post/publish/video/init/ with FILE_UPLOAD and our chunk plan; returns upload_url. */
export async function initFileUpload(apiBaseUrl, token, plan) {
  const res = await fetch(`${apiBaseUrl}/v2/post/publish/video/init/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({
      post_info: {
        title: 'bench curl baseline',
        privacy_level: 'SELF_ONLY',
        disable_comment: true,
        disable_duet: true,
        disable_stitch: true,
      },
      source_info: {
        source: 'FILE_UPLOAD',
        video_size: plan.videoSize,
        chunk_size: plan.chunkSize,
        total_chunk_count: plan.totalChunkCount,
      },
    }),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.data?.upload_url) {
    throw new Error(`init answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body.data.upload_url;
}

/**
 * One curl process PUTs every chunk in order (`--next` between chunks, so one connection is reused,
 * as our CLI does), each chunk from a pre-split file (--data-binary @file: --upload-file would append
 * the file name to an upload URL whose path ends in '/'). Resolves with the curl process's wall time.
 */
export async function curlChunks(uploadUrl, plan, chunkFiles) {
  const args = [];
  plan.chunks.forEach((c, i) => {
    if (i > 0) args.push('--next');
    args.push(
      '-sS',
      '--noproxy',
      '*',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}\\n',
      '-X',
      'PUT',
      '--data-binary',
      `@${chunkFiles[i]}`,
      '-H',
      'Content-Type: video/mp4',
      '-H',
      `Content-Range: bytes ${c.start}-${c.end}/${plan.videoSize}`,
      '-H',
      'Expect:',
      uploadUrl,
    );
  });
  const result = await run('curl', args, { timeoutMs: 300_000 });
  const codes = result.stdout.trim().split('\n');
  const want = plan.chunks.map((_, i) => (i === plan.totalChunkCount - 1 ? '201' : '206'));
  if (result.code !== 0 || codes.join(',') !== want.join(',')) {
    throw new Error(`curl upload failed (exit ${result.code}): codes ${codes.join(',')} ${result.stderr}`);
  }
  return result.ms;
}

/** An access token from the Sheets emulator: a JWT-bearer grant signed with the printed service key. */
export async function sheetsToken(sandbox) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({
    iss: sandbox.googleSheetsClientEmail,
    scope: 'https://www.googleapis.com/auth/spreadsheets',
    aud: 'https://oauth2.googleapis.com/token',
    iat,
    exp: iat + 3600,
  })}`;
  const signature = createSign('RSA-SHA256')
    .update(unsigned)
    .sign(sandbox.googleSheetsPrivateKey, 'base64url');
  const res = await fetch(sandbox.googleOAuthTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: `${unsigned}.${signature}`,
    }),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.access_token) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Writes rows (row 1 first) with values.update, in requests under the emulator's 1 MiB body limit. */
export async function writeSheet(sandbox, spreadsheetId, sheetName, rows) {
  const token = await sheetsToken(sandbox);
  const per = 2000;
  for (let first = 0; first < rows.length; first += per) {
    const part = rows.slice(first, first + per);
    const range = `'${sheetName}'!A${first + 1}:L${first + part.length}`;
    const url = `${sandbox.googleSheetsRootUrl}v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(range)}?valueInputOption=RAW`;
    const res = await fetch(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ range, majorDimension: 'ROWS', values: part }),
    });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`values.update ${range}: ${res.status} ${JSON.stringify(body)}`);
  }
}
