import { describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from './cli.js';

describe('the built CLI', () => {
  const env = { AGORAS_CONFIG_DIR: tempConfigDir() };
  const pages = new Map<string, string>();
  it.each([
    [['--help'], 'COMMANDS'],
    [['help'], 'COMMANDS'],
    [['publish', '--help'], 'ACTIONS'],
    [['publish', '--action', 'video', '--help'], 'agoras publish --action video:'],
    [['accounts', '--help'], 'agoras accounts remove NAME'],
    [['sandbox', '--help'], '--auto-consent'],
  ])('agoras %j prints its own page', async (argv, marker) => {
    const r = await runCli(argv, env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(marker);
    pages.set(argv.filter((a) => a !== 'help' && a !== '--help').join(' '), r.stdout);
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('no two commands share a page', () => {
    expect(pages.size).toBe(5);
    expect(new Set(pages.values()).size).toBe(5);
  });

  it('suggests the nearest command and flag', async () => {
    const command = await runCli(['publsh'], env);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe("agoras: Unknown command 'publsh'. (Did you mean publish?)\n");
    const flag = await runCli(['publish', '--network', 'tiktok', '--acton', 'video'], env);
    expect(flag.stderr).toContain('Did you mean --action?');
  });

  it('agoras completion bash prints the script', async () => {
    const r = await runCli(['completion', 'bash'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('complete -o default -F _agoras agoras');
  });
});
