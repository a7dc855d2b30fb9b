// Bundles cli.tsx into dist/ with esbuild. Ink/React are split into a lazily loaded chunk so that
// headless runs and --help never parse them; heavy, rarely used clients stay external.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
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
  external: ['@googleapis/sheets', 'sharp'],
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
