// Builds the local command line (dist/cli.js), then the Apps Script project (build/, see build-gas.mjs).
import { build } from 'esbuild';
import { EntryError, buildGas } from './build-gas.mjs';

await build({
  entryPoints: ['src/node/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  charset: 'utf8',
  sourcemap: 'linked',
  logLevel: 'warning',
});

try {
  await buildGas();
} catch (e) {
  if (!(e instanceof EntryError)) throw e;
  process.stderr.write(`build-gas: ${e.message}\n`);
  process.exitCode = 1;
}
