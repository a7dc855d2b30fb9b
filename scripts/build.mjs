// Bundles cli.tsx into dist/ with esbuild. Ink/React are split into a lazily loaded chunk so that
// headless runs and --help never parse them; heavy, rarely used clients stay external.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

// The help pages are one file of their own (no shared chunks to load): `--help` answers about as fast
// as `--version`. The main build leaves the import to it.
const HELP = './source/cli/help-door.js';
const helpApart = {
  name: 'help-apart',
  setup(b) {
    b.onResolve({ filter: /help-door\.js$/ }, (args) =>
      args.importer.endsWith('cli.tsx') ? { path: './chunks/help-door.js', external: true } : undefined,
    );
  },
};
await build({
  entryPoints: { 'chunks/help-door': HELP.replace(/\.js$/, '.ts') },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  plugins: [helpApart],
  entryPoints: { cli: 'cli.tsx' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@googleapis/sheets', 'rss-parser'],
  // Ink imports react-devtools-core only when DEV is set; we never ship it.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  define: {
    'process.env.NODE_ENV': '"production"',
    __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
  },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
