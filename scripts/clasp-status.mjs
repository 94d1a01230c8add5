#!/usr/bin/env node
// Offline check that clasp itself would push exactly the add-in's files from build/: runs the real
// `clasp status --json` (no credentials, no network needed) and compares its list with what the build writes.
// clasp (277 MB with googleapis) is fetched by npx on demand, so it stays out of `npm ci`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_FILE, DEFAULT_OUT_DIR, ENTRY_FILE, ROOT } from './build-gas.mjs';

const CLASP = '@google/clasp@3.4.1';
const expected = ['appsscript.json', BUNDLE_FILE, ENTRY_FILE, 'sidebar.html', 'files.html'].map((f) => `build/${f}`).sort();

// An empty HOME: whatever credentials this machine holds are never read.
const home = mkdtempSync(join(tmpdir(), 'clasp-home-'));
const out = execFileSync('npx', ['--yes', CLASP, 'status', '--json'], {
  cwd: ROOT,
  env: { ...process.env, HOME: home, npm_config_update_notifier: 'false' },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const status = JSON.parse(out.slice(out.indexOf('{')));
const pushed = [...status.filesToPush].sort();
const problems = [];
if (JSON.stringify(pushed) !== JSON.stringify(expected)) problems.push(`clasp would push ${JSON.stringify(pushed)}, expected ${JSON.stringify(expected)}`);
const stray = status.untrackedFiles.filter((f) => f.startsWith(`${DEFAULT_OUT_DIR.slice(ROOT.length + 1)}/`));
if (stray.length) problems.push(`files in build/ that clasp would not push: ${stray.join(', ')}`);
if (problems.length) {
  console.error(`clasp status: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`clasp status: pushes exactly ${pushed.join(', ')}`);
