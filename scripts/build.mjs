// Builds the local command line (dist/cli.js). The Apps Script bundle (build/) is added by the add-in.
import { build } from 'esbuild';

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
