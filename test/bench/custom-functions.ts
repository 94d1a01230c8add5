/**
 * Section 5: a custom-function cell as Apps Script runs it: the whole project (build/shinchoku.js and build/entry.js)
 * loaded into a fresh context, then ACHIEVEMENT_RATE called on 10,000-row ranges; against loading an empty script,
 * and against a reference custom function doing the least any function over that range must do.
 *
 * Two budgets. The cold call's CPU time as a multiple of the reference's, both measured in the same process: CPU
 * time barely moves when other processes share the cores, and the ratio does not move with the machine's speed, so
 * it is judged in every run (CI's quick mode included). The cold call's wall time under 100 ms is judged only in the
 * full bench (`judgeWallClock`): it measures the machine as much as the code.
 */
import { build, type Metafile } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILD } from './built';
import type { Figures } from './figures';
import { inScript, median } from './measure';
import { ROOT } from './root';
import { fmt, kb, ms, ratio, type Section } from './table';

export const COLD_BUDGET_MS = 100;
/**
 * The cold call may cost at most this many times the reference's CPU time (median over the processes). Measured
 * ≈ 15–22× on a 2-core VM in November–December 2026, idle or with both cores kept busy by two other processes; the
 * budget leaves a third over the worst seen, so CI does not fail on noise, and a cold path grown by half misses it.
 */
export const COLD_REFERENCE_RATIO_BUDGET = 30;
export const RANGE_ROWS = 10_000;

export interface CfResult {
  emptyLoadMs: number;
  loadMs: number;
  firstCallMs: number;
  warmCallMs: number;
  /** A second fresh context in the same process (V8 may reuse compiled code). */
  reloadMs: number;
  reloadCallMs: number;
  /** CPU time (every thread of the process, V8's compiler threads included) of the cold load + first call. */
  coldCpuMs: number;
  /** CPU time of the reference function, loaded into its own fresh context and called cold on the same ranges. */
  referenceCpuMs: number;
}

/**
 * One cold load and call, then warm figures, in a bare Node process (only vm and the two files, as Apps Script loads
 * only the project). 実績 are typed in eight forms with a different number in each row, 予定 are numbers.
 * The reference runs first, cold in its own context: it reads each cell as text, normalises it (NFKC), strips units
 * and separators and divides, the least a custom function over these ranges can do.
 */
const CF_SCRIPT = `
const fs = require('fs');
const vm = require('vm');
const { performance } = require('perf_hooks');
const rows = Number(process.env.CF_ROWS);
const bundle = fs.readFileSync(process.env.CF_BUNDLE, 'utf8');
const entry = fs.readFileSync(process.env.CF_ENTRY, 'utf8');
// Eight forms, each with its own number in every row (no two rows alike).
const wide = (n) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const forms = (i) => [(1000 + i).toLocaleString('en-US') + '件', 20 + (i % 997) / 10, '未測定', '▲' + (i % 300) / 10 + '%', wide(i % 90 + 1) + '万' + wide(i % 9 + 1) + '千件', '', '-', 1000 + i][i % 8];
const actual = Array.from({ length: rows }, (_, i) => [forms(i)]);
const target = Array.from({ length: rows }, (_, i) => [1000 + (i % 50) * 10]);
const time = (f) => { const t = performance.now(); const r = f(); return [performance.now() - t, r]; };
const cpu = (f) => { const c = process.cpuUsage(); f(); const d = process.cpuUsage(c); return (d.user + d.system) / 1000; };
const REFERENCE = \`function REFERENCE(actual, target) {
  return actual.map(function (row, i) {
    var n = parseFloat(String(row[0]).normalize('NFKC').replace(/[,件%万千]/g, '').replace('▲', '-'));
    return [isNaN(n) ? '' : n / Number(target[i][0])];
  });
}\`;
const referenceCpuMs = cpu(() => {
  const ref = vm.createContext({});
  vm.runInContext(REFERENCE, ref, { filename: 'reference.js' });
  if (ref.REFERENCE(actual, target).length !== rows) throw new Error('the reference did not return the range');
});
const load = () => {
  const ctx = vm.createContext({});
  vm.runInContext(bundle, ctx, { filename: 'shinchoku.js' });
  vm.runInContext(entry, ctx, { filename: 'entry.js' });
  return ctx;
};
const call = (ctx) => {
  const out = ctx.ACHIEVEMENT_RATE(actual, target);
  if (!Array.isArray(out) || out.length !== rows) throw new Error('ACHIEVEMENT_RATE did not return the range');
};
const [emptyLoadMs] = time(() => vm.runInContext('', vm.createContext({})));
const cpuBefore = process.cpuUsage();
const [loadMs, ctx] = time(load);
const [firstCallMs] = time(() => call(ctx));
const cpuCold = process.cpuUsage(cpuBefore);
const coldCpuMs = (cpuCold.user + cpuCold.system) / 1000;
const [warmCallMs] = time(() => call(ctx));
const [reloadMs, again] = time(load);
const [reloadCallMs] = time(() => call(again));
report({ emptyLoadMs, loadMs, firstCallMs, warmCallMs, reloadMs, reloadCallMs, coldCpuMs, referenceCpuMs });
`;

interface Composition {
  bytes: number;
  groups: [string, number][];
  files: [string, number][];
}

/** What takes the space: the bundle rebuilt with build-gas.mjs's options plus a metafile. */
async function composition(): Promise<Composition> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'src', 'gas', 'main.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'Shinchoku',
    target: 'es2020',
    charset: 'utf8',
    minify: false,
    legalComments: 'none',
    platform: 'browser',
    logLevel: 'silent',
    metafile: true,
    write: false,
    outfile: 'shinchoku.js',
  });
  const meta: Metafile = result.metafile;
  const output = Object.values(meta.outputs)[0];
  const files = Object.entries(output.inputs).map(([f, v]) => [f, v.bytesInOutput] as [string, number]).sort((a, b) => b[1] - a[1]);
  const groups = new Map<string, number>();
  for (const [f, n] of files) {
    const dir = f.startsWith('node_modules/') ? f.split('/').slice(0, 2).join('/') : path.dirname(f);
    groups.set(dir, (groups.get(dir) ?? 0) + n);
  }
  return { bytes: output.bytes, groups: [...groups].sort((a, b) => b[1] - a[1]), files };
}

export interface CfOptions {
  /** Bare Node processes, each measuring its own cold start. */
  processes: number;
  /** Judge the wall-clock budget (the full bench); otherwise it is reported only. */
  judgeWallClock: boolean;
}

export async function customFunctionSection({ processes, judgeWallClock }: CfOptions, figures: Figures): Promise<Section> {
  const bundleFile = path.join(BUILD, 'shinchoku.js');
  const entryFile = path.join(BUILD, 'entry.js');
  if (!fs.existsSync(bundleFile) || !fs.existsSync(entryFile)) throw new Error('build/ is missing: run npm run build first');
  const env = { CF_ROWS: String(RANGE_ROWS), CF_BUNDLE: bundleFile, CF_ENTRY: entryFile };
  const runs = Array.from({ length: processes }, () => inScript<CfResult>(CF_SCRIPT, env));
  const m = (f: (r: CfResult) => number) => median(runs.map(f));
  const max = (f: (r: CfResult) => number) => Math.max(...runs.map(f));
  const min = (f: (r: CfResult) => number) => Math.min(...runs.map(f));
  const cold = (r: CfResult) => r.loadMs + r.firstCallMs;
  const overReference = (r: CfResult) => r.coldCpuMs / r.referenceCpuMs;
  // The wall-clock verdict takes the fastest cold start: every process is a real cold start, and on a shared machine
  // the slower ones measure the neighbours (the median and the slowest are shown next to it).
  const best = Math.min(...runs.map(cold));
  const wallWhy = (v: number) => `cold custom-function call ${ms(v)} ≥ ${COLD_BUDGET_MS} ms (fastest of ${processes} cold starts; median ${ms(m(cold))})`;
  if (judgeWallClock) figures.check('cf.coldMs', best, 'ms', '<', COLD_BUDGET_MS, wallWhy);
  else figures.put('cf.coldMs', best, 'ms');
  figures.put('cf.coldMedianMs', m(cold), 'ms');
  figures.put('cf.loadMs', m((r) => r.loadMs), 'ms');
  figures.put('cf.firstCallMs', m((r) => r.firstCallMs), 'ms');
  figures.put('cf.warmCallMs', m((r) => r.warmCallMs), 'ms');
  figures.put('cf.coldCpuMs', m((r) => r.coldCpuMs), 'cpu-ms');
  figures.put('cf.referenceCpuMs', m((r) => r.referenceCpuMs), 'cpu-ms');
  figures.check('cf.coldOverReference', m(overReference), 'ratio', '<=', COLD_REFERENCE_RATIO_BUDGET, (v) =>
    `cold custom-function call ${fmt(v, 1)}× the reference's CPU time > ${COLD_REFERENCE_RATIO_BUDGET}× (median of ${processes} processes; cold ${fmt(m((r) => r.coldCpuMs), 0)} CPU ms, reference ${fmt(m((r) => r.referenceCpuMs), 1)})`,
  );

  const bytes = figures.put('cf.bundleBytes', fs.statSync(bundleFile).size, 'bytes');
  const entryBytes = figures.put('cf.entryBytes', fs.statSync(entryFile).size, 'bytes');
  const gz = figures.put('cf.bundleGzipBytes', gzipSync(fs.readFileSync(bundleFile)).length, 'bytes');
  const comp = await composition();
  const total = comp.files.reduce((n, [, b]) => n + b, 0);
  const share = (n: number) => `${fmt((100 * n) / total, 1)} %`;
  const drift = comp.bytes === bytes ? [] : [`The rebuilt bundle (${fmt(comp.bytes)} B) differs from build/shinchoku.js (${fmt(bytes)} B): build-gas.mjs's options changed; update composition() here.`];

  return {
    title: '5. Custom functions: loading the project for each cell',
    intro: [
      'Every custom-function cell loads the whole project (platform-facts.md §2). Here: build/shinchoku.js and build/entry.js run in a',
      `fresh vm context, then ACHIEVEMENT_RATE on two ${fmt(RANGE_ROWS)}-row ranges (typed 実績 in eight forms, no two rows alike; numeric 予定).`,
      `${processes} bare Node process${processes > 1 ? 'es' : ''} (only vm and the two files), each measuring its own first load: median, fastest and slowest.`,
    ],
    tables: [
      {
        title: 'Load and call',
        head: ['step', 'median', 'fastest', 'slowest'],
        rows: (
          [
            ['empty script in a fresh context (the reference)', (r) => r.emptyLoadMs],
            ['load the project (cold)', (r) => r.loadMs],
            [`first ACHIEVEMENT_RATE, ${fmt(RANGE_ROWS)} rows (cold)`, (r) => r.firstCallMs],
            ['cold call: load + first call', cold],
            ['warm call (same context, again)', (r) => r.warmCallMs],
            ['load again into a new context, same process', (r) => r.reloadMs],
            ['call in that context', (r) => r.reloadCallMs],
          ] as [string, (r: CfResult) => number][]
        ).map(([step, f]) => [step, ms(m(f)), ms(min(f)), ms(max(f))]),
        notes: [
          judgeWallClock
            ? `Budget: cold call under ${COLD_BUDGET_MS} ms here, judged on the fastest of the ${processes} cold starts (the others carry the machine's noise).`
            : `Quick mode reports wall time without judging it; the full bench judges the cold call against ${COLD_BUDGET_MS} ms (wall time measures the machine as much as the code).`,
          'Apps Script adds its own start-up per execution (≈ 0.5 s per formula evaluation, fact 58); not included.',
        ],
      },
      {
        title: 'Cold call against the reference (CPU time, same process)',
        head: ['step', 'median', 'fastest', 'slowest'],
        rows: [
          ['reference function, cold: load + call on the same ranges', ...[m, min, max].map((g) => `${fmt(g((r) => r.referenceCpuMs), 1)} CPU ms`)],
          ['the project, cold: load + first ACHIEVEMENT_RATE', ...[m, min, max].map((g) => `${fmt(g((r) => r.coldCpuMs), 0)} CPU ms`)],
          ['project ÷ reference', ...[m, min, max].map((g) => ratio(g(overReference)))],
        ],
        notes: [
          `Budget: the project's cold call at most ${COLD_REFERENCE_RATIO_BUDGET}× the reference's CPU time (median of the ${processes} processes), judged in every run.`,
          'The reference reads each cell as text, normalises it (NFKC), strips units and separators and divides: the least a function over',
          'these ranges can do. CPU time counts every thread of the process (V8 compiles on background threads, so it exceeds wall time);',
          'it moves little when other processes share the cores, and the ratio does not move with the speed of the machine.',
        ],
      },
      {
        title: 'Bundle size and what takes the space',
        head: ['part', 'bytes', 'share'],
        rows: [
          ['build/shinchoku.js', fmt(bytes), ''],
          ['build/shinchoku.js gzipped', fmt(gz), ''],
          ['build/entry.js', fmt(entryBytes), ''],
          ...comp.groups.map(([g, n]) => [`${g}/`, fmt(n), share(n)]),
        ],
        notes: [
          `Largest modules: ${comp.files.slice(0, 8).map(([f, n]) => `${f.replace(/^src\//, '')} ${kb(n)}`).join(', ')}.`,
          'From an esbuild metafile of the same build (bytes in the output, before the IIFE wrapper).',
          ...drift,
        ],
      },
    ],
  };
}
