// Runs the bench (test/bench/main.ts): rebuilds build/ (the Apps Script bundle it measures), bundles the bench with
// esbuild into a temporary file and runs that with node from the project folder.
//
// Usage: node scripts/bench.mjs [--quick] [--out FILE]     (npm run bench [-- --quick])
// Exit code: 0 all budgets held, 1 a budget was missed, 2 the bench itself failed.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, buildGas } from './build-gas.mjs';

await buildGas();
const dir = mkdtempSync(join(tmpdir(), 'shinchoku-bench-'));
const outfile = join(dir, 'bench.js');
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'test', 'bench', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    charset: 'utf8',
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    // The bundle lives outside the project: packages resolve from its node_modules, paths from ROOT.
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), SHINCHOKU_BENCH_ROOT: ROOT },
  });
  process.exitCode = r.status ?? 2;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
