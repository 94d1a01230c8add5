// Checks the bench's JSON as another tool would read it (schema in test/bench/figures.ts): it parses, has the
// headline figures as numbers with a unit, every budget says whether it held, and the verdict agrees with them.
//
// Usage: node scripts/check-bench-json.mjs [out/bench-quick.json]     Exit code: 0 well-formed, 1 not.
import { readFileSync } from 'node:fs';

const SCHEMA = 1;
/** Figures every run of the sections measured in quick mode has. */
const HEADLINE = [
  'rollup.steady.callsPerTab', 'rollup.first.callsPerTab', 'setup.first.callsPerTab', 'setup.rerun.callsPerTab',
  'engine.usPerIndicator', 'cf.coldMs', 'cf.coldOverReference', 'sidebar.saveCalls', 'report.coldMs', 'consolidate.ms',
];

const file = process.argv[2] ?? 'out/bench-quick.json';
const problems = [];
let json;
try {
  json = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  problems.push(`cannot read: ${e.message}`);
}
if (json) {
  if (json.schema !== SCHEMA) problems.push(`schema ${json.schema}, expected ${SCHEMA}`);
  if (!['quick', 'full'].includes(json.mode)) problems.push(`mode ${json.mode}`);
  if (Number.isNaN(Date.parse(json.date))) problems.push(`date ${json.date}`);
  const figures = json.figures && typeof json.figures === 'object' ? json.figures : {};
  for (const key of HEADLINE)
    if (typeof figures[key]?.value !== 'number') problems.push(`${key}: missing or not a number`);
  let missed = 0;
  for (const [key, f] of Object.entries(figures)) {
    if (!['number', 'boolean', 'string'].includes(typeof f.value) || typeof f.unit !== 'string') problems.push(`${key}: no value or unit`);
    if (!f.budget) continue;
    const { op, limit, held } = f.budget;
    if (!['<=', '<'].includes(op) || typeof limit !== 'number' || typeof held !== 'boolean') problems.push(`${key}: malformed budget`);
    else if (held !== (op === '<=' ? f.value <= limit + 1e-9 : f.value < limit)) problems.push(`${key}: budget says held=${held} for ${f.value} ${op} ${limit}`);
    if (held === false) missed++;
  }
  if (!Array.isArray(json.failures)) problems.push('failures is not a list');
  else {
    if (json.budgetsHeld !== (json.failures.length === 0)) problems.push(`budgetsHeld ${json.budgetsHeld} with ${json.failures.length} failures`);
    if (json.failures.length < missed) problems.push(`${missed} budgets missed but ${json.failures.length} failures listed`);
  }
}
if (problems.length) {
  process.stderr.write(`${file}:\n  ${problems.join('\n  ')}\n`);
  process.exitCode = 1;
} else process.stdout.write(`${file}: well-formed (${Object.keys(json.figures).length} figures, budgets ${json.budgetsHeld ? 'held' : 'missed'})\n`);
