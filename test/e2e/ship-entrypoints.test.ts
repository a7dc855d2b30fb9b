// The GitHub Action's entry (scripts/action-run.sh) and the container's (scripts/container-entry.sh),
// run as they would be, with the built CLI as `agoras` on PATH, against the sandbox on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../source/sandbox/index.js';
import { CLI, storeEnv } from './cli.js';
import { sandboxWithAna } from './sources-helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'test', 'fixtures', 'sample.mp4');
const tmp = mkdtempSync(join(tmpdir(), 'agoras-entry-'));
const bin = join(tmp, 'bin');
let sandbox: Sandbox;
let env: Record<string, string>;

function runScript(script: string, args: string[], extra: Record<string, string>) {
  const child = spawn(join(ROOT, 'scripts', script), args, {
    env: { PATH: `${bin}:${process.env.PATH}`, AGORAS_NO_BROWSER: '1', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithAna());
  // `agoras` on PATH is the built CLI, as `npm install -g` would put it there.
  mkdirSync(bin);
  writeFileSync(join(bin, 'agoras'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'agoras'), 0o755);
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const titles = () => [...sandbox.state.publishes.values()].map((p) => p.post_info?.title);

describe('the GitHub Action entry (scripts/action-run.sh)', () => {
  const action = (args: string) =>
    runScript('action-run.sh', [], {
      ...env,
      AGORAS_ARGS: args,
      // The store input: the config file here, the Redis store in the Redis pass.
      AGORAS_STORE: 'file:',
      ...storeEnv(env),
    });

  it('splits the args input as a shell would and posts, headless', async () => {
    const r = await action(
      `publish --network tiktok --action video --tiktok-username ana --tiktok-video-url '${SAMPLE}' --tiktok-title "Hello from CI" --tiktok-privacy-status SELF_ONLY`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\{"id":"[^"]+"\}$/);
    expect(titles()).toContain('Hello from CI');
  });

  it("fails the job with agoras' exit code and its line as the error annotation", async () => {
    const r = await action(
      `publish --network tiktok --action video --tiktok-username ana --tiktok-video-url '${SAMPLE}' --tiktok-title x`,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error title=agoras exited with 2::agoras: .*privacy/m);
  });

  it('without an agoras on PATH, installs it from the action checkout into RUNNER_TEMP first', async () => {
    // A stand-in npm records what it is asked and "installs" the built CLI where npm would.
    const fakeBin = join(tmp, 'fake-npm');
    const runnerTemp = join(tmp, 'runner-temp');
    mkdirSync(fakeBin);
    mkdirSync(runnerTemp);
    writeFileSync(
      join(fakeBin, 'npm'),
      [
        '#!/bin/sh',
        `echo "$PWD: npm $*" >> "${join(tmp, 'npm.log')}"`,
        'if [ "$1" = install ] && [ "$2" = -g ]; then',
        `  mkdir -p "$4/bin" && cp "${join(bin, 'agoras')}" "$4/bin/agoras"`,
        'fi',
        '',
      ].join('\n'),
    );
    chmodSync(join(fakeBin, 'npm'), 0o755);
    const child = spawn(join(ROOT, 'scripts', 'action-run.sh'), [], {
      env: {
        ...env,
        ...storeEnv(env),
        PATH: `${fakeBin}:${process.env
          .PATH!.split(':')
          .filter((d) => !existsSync(join(d, 'agoras')))
          .join(':')}`,
        RUNNER_TEMP: runnerTemp,
        AGORAS_NO_BROWSER: '1',
        AGORAS_ARGS: `publish --network tiktok --action video --tiktok-username ana --tiktok-video-url ${SAMPLE} --tiktok-title Installed --tiktok-privacy-status SELF_ONLY`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\{"id":"[^"]+"\}$/);
    expect(readFileSync(join(tmp, 'npm.log'), 'utf8').trim().split('\n')).toEqual([
      `${ROOT}: npm ci --no-audit --no-fund --silent`,
      `${ROOT}: npm run build --silent`,
      `${ROOT}: npm install -g --prefix ${join(runnerTemp, 'agoras')} --no-audit --no-fund --silent .`,
    ]);
    expect(titles()).toContain('Installed');
  });

  it('an unmatched quote or an empty command line is exit 2 with an annotation, nothing run', async () => {
    const quote = await action('publish --tiktok-title "oops');
    expect(quote.code).toBe(2);
    expect(quote.stdout).toMatch(/^::error title=agoras::The args input has an unmatched quote/m);
    const empty = await action('   ');
    expect(empty.code).toBe(2);
    expect(empty.stdout).toMatch(/^::error title=agoras::The args input is empty/m);
  });
});

describe('the container entry point (scripts/container-entry.sh)', () => {
  it('keeps everything it writes under AGORAS_DATA (0700) and posts', async () => {
    const data = join(tmp, 'data');
    const r = await runScript(
      'container-entry.sh',
      [
        ...['publish', '--sandbox', '--network', 'tiktok', '--action', 'video'],
        ...[
          '--tiktok-video-url',
          SAMPLE,
          '--tiktok-title',
          'From a pod',
          '--tiktok-privacy-status',
          'SELF_ONLY',
        ],
      ],
      { AGORAS_DATA: data },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\{"id":"[^"]+"\}$/);
    // --sandbox keeps its account apart from real ones, in sandbox.json.
    expect(existsSync(join(data, 'config', 'sandbox.json'))).toBe(true);
    expect(statSync(join(data, 'config')).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, 'config', 'sandbox.json')).mode & 0o777).toBe(0o600);
  });

  it('is what the Dockerfile runs, as the unprivileged user, with /data its one writable path', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^COPY scripts\/container-entry\.sh \/usr\/local\/bin\/agoras-entry$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/agoras-entry"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENV AGORAS_DATA=\/data\b/m);
    expect(readFileSync(join(ROOT, 'scripts', 'container-entry.sh'), 'utf8')).toContain(
      // The script's own default, a shell expansion (not a template).
      ['data="$', '{AGORAS_DATA:-/data}"'].join(''),
    );
  });

  it('a data path that cannot be written is one line and exit 1', async () => {
    const r = await runScript('container-entry.sh', ['--version'], { AGORAS_DATA: '/proc/agoras-data' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'agoras: /proc/agoras-data is not writable; mount a writable volume there (or set AGORAS_DATA).',
    );
  });

  it('`sandbox` runs the built-in TikTok on PORT (8080 by default)', async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawn(join(ROOT, 'scripts', 'container-entry.sh'), ['sandbox'], {
        env: { PATH: `${bin}:${process.env.PATH}`, AGORAS_DATA: join(tmp, 'sandbox-data'), PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const first = await new Promise<string>((resolve, reject) => {
        let out = '';
        child!.stdout!.on('data', (d: Buffer) => {
          out += d;
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child!.on('close', (code) => reject(new Error(`sandbox exited ${code}`)));
      });
      const info = JSON.parse(first) as { tiktokApiBaseUrl: string };
      expect(info.tiktokApiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const res = await fetch(`${info.tiktokApiBaseUrl}/v2/post/publish/creator_info/query/`, {
        method: 'POST',
      });
      expect(res.status).toBe(401); // TikTok's answer without a token: the sandbox is serving
      // Published ports reach a container on its own address, not loopback: it listens on every one.
      const own = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      // (A machine with loopback only has no second address to try: the check above stands alone.)
      if (own) {
        const port = new URL(info.tiktokApiBaseUrl).port;
        const outside = await fetch(`http://${own}:${port}/v2/post/publish/creator_info/query/`, {
          method: 'POST',
        });
        expect(outside.status).toBe(401);
      }
    } finally {
      child?.kill('SIGTERM');
    }
  });
});
