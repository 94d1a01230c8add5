/** The bench's figures: one record per key, budgets that say whether they held, and the JSON CI reads. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_SCHEMA, Figures, planKey } from './figures';

const root = join(__dirname, '..', '..');
const head = { schema: BENCH_SCHEMA, mode: 'quick' as const, date: '2026-12-01T00:00:00.000Z', machine: 'test', seconds: 1 };

test('put records a figure once and returns its value for the table', () => {
  const f = new Figures();
  expect(f.put('rollup.steady.callsPerTab', 2, 'calls/tab')).toBe(2);
  expect(f.figures['rollup.steady.callsPerTab']).toEqual({ value: 2, unit: 'calls/tab' });
  expect(() => f.put('rollup.steady.callsPerTab', 3, 'calls/tab')).toThrow(/recorded twice/);
  expect(() => f.put('Rollup steady', 1, 'calls')).toThrow(/dotted/);
  expect(() => f.put('cf.coldMs', NaN, 'ms')).toThrow(/NaN/);
  expect(planKey({ tabs: 10, perTab: 1000 })).toBe('10x1000');
});

test('check records the budget, and a missed one becomes a failure line', () => {
  const f = new Figures();
  expect(f.check('setup.first.callsPerTab', 20, 'calls/tab', '<=', 20, (v) => `${v} > 20`)).toBe(true);
  expect(f.check('cf.coldMs', 100, 'ms', '<', 100, (v) => `cold ${v} ms`)).toBe(false);
  expect(f.figures['cf.coldMs']!.budget).toEqual({ op: '<', limit: 100, held: false });
  expect(f.failures).toEqual(['cold 100 ms']);
  expect(f.json(head)).toMatchObject({ budgetsHeld: false, failures: ['cold 100 ms'] });
});

test('a failure without a number also fails the verdict', () => {
  const f = new Figures();
  f.check('sidebar.saveCalls', 40, 'calls', '<=', 49, () => 'grew');
  expect(f.json(head).budgetsHeld).toBe(true);
  f.fail('sidebar: Chromium not found');
  expect(f.json(head)).toMatchObject({ budgetsHeld: false, failures: ['sidebar: Chromium not found'] });
});

describe('scripts/check-bench-json.mjs (run by .ci/run after the quick bench)', () => {
  const HEADLINE = ['rollup.steady.callsPerTab', 'rollup.first.callsPerTab', 'setup.first.callsPerTab', 'setup.rerun.callsPerTab', 'engine.usPerIndicator', 'cf.coldMs', 'cf.coldOverReference', 'sidebar.saveCalls', 'report.coldMs', 'consolidate.ms'];
  const check = (json: unknown): { ok: boolean; err: string } => {
    const file = join(mkdtempSync(join(tmpdir(), 'shinchoku-bench-json-')), 'bench-quick.json');
    writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
    try {
      execFileSync(process.execPath, ['scripts/check-bench-json.mjs', file], { cwd: root, stdio: 'pipe' });
      return { ok: true, err: '' };
    } catch (e) {
      return { ok: false, err: String((e as { stderr?: Buffer }).stderr) };
    }
  };
  const complete = () => {
    const f = new Figures();
    for (const key of HEADLINE) f.put(key, 1, 'count');
    return f;
  };

  test('accepts what Figures writes', () => {
    const f = complete();
    f.check('rollup.plan.2x10.steady.sheetIds', 0, 'calls', '<=', 0, () => 'ids');
    expect(check(f.json(head))).toEqual({ ok: true, err: '' });
  });

  test('refuses a file that does not parse, a missing headline figure, and a verdict that contradicts its budgets', () => {
    expect(check('{"schema": 1,').err).toMatch(/cannot read/);
    const f = new Figures();
    f.put('rollup.steady.callsPerTab', 2, 'calls/tab');
    expect(check(f.json(head)).err).toMatch(/setup\.first\.callsPerTab: missing/);
    const lying = complete().json(head);
    lying.figures['setup.first.callsPerTab']!.budget = { op: '<=', limit: 20, held: true };
    lying.figures['setup.first.callsPerTab']!.value = 106;
    expect(check(lying).err).toMatch(/setup\.first\.callsPerTab: budget says held=true for 106 <= 20/);
  });
});
