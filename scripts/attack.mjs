#!/usr/bin/env node
/**
 * The attack suite (issue 13): runs every test file that records attacks (test/support/attack.ts), then prints the
 * table — attack, tries, outcome — that README's reliability section shows, and writes it to out/attack.json.
 * Loopback only; bounded by the tests' own timeouts. Exit code: jest's, or 1 when a row did not hold.
 *
 *   npm run attack            # run the suite and print the table
 *   npm run attack -- --table # only print the table of the last run (npm test records the same rows)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const rowsFile = join(root, 'out', 'attack', 'rows.jsonl');

/** Test files that import the attack helper. */
function suiteFiles(dir = join(root, 'test')) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return suiteFiles(p);
    return /\.test\.ts$/.test(name) && /from '(\.\.\/)+support\/attack'/.test(readFileSync(p, 'utf8')) ? [relative(root, p)] : [];
  });
}

let status = 0;
if (!process.argv.includes('--table')) {
  rmSync(rowsFile, { force: true });
  const files = suiteFiles();
  const jest = spawnSync('npx', ['jest', '--silent', ...files], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  status = jest.status ?? 1;
}
if (!existsSync(rowsFile)) {
  console.error('攻撃テストの記録がありません（npm run attack を実行してください）');
  process.exit(status || 1);
}

/** Rows of one attack (same number and text) recorded by several tests are one row of the table. */
const merged = new Map();
for (const line of readFileSync(rowsFile, 'utf8').split('\n').filter(Boolean)) {
  const row = JSON.parse(line);
  const key = `${row.id}\u0000${row.attack}`;
  const m = merged.get(key) ?? { id: row.id, attack: row.attack, tries: 0, held: 0, failures: [] };
  m.tries += row.tries;
  m.held += row.held;
  m.failures.push(...row.failures);
  merged.set(key, m);
}
const byNumber = (a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }) || a.attack.localeCompare(b.attack);
const rows = [...merged.values()].sort(byNumber);
const outcome = (r) => (r.held === r.tries ? 'held' : `**not held** (${r.tries - r.held} of ${r.tries})`);
const lines = ['| # | Attack | Tries | Outcome |', '| --- | --- | ---: | --- |', ...rows.map((r) => `| ${r.id} | ${r.attack.replaceAll('|', '\\|')} | ${r.tries} | ${outcome(r)} |`)];
console.log(lines.join('\n'));
const failed = rows.filter((r) => r.held !== r.tries);
for (const r of failed) console.log(`\n${r.id} ${r.attack}:\n  ${r.failures.join('\n  ')}`);
console.log(`\n${rows.length} attacks, ${rows.reduce((n, r) => n + r.tries, 0)} tries, ${failed.length} not held`);
writeFileSync(join(root, 'out', 'attack.json'), `${JSON.stringify({ rows, notHeld: failed.length }, null, 2)}\n`);
process.exit(status || (failed.length ? 1 : 0));
