/**
 * `npm run bench [-- --quick] [--out FILE] [--only calls,setup,engine,cli,cf,sidebar,report,consolidate]`: speed on big plans, each figure
 * measured in the same run as its reference, printed and written to Markdown (out/bench.md, or out/bench-quick.md)
 * and, from the same records (figures.ts), to JSON next to it (out/bench.json, out/bench-quick.json; schema in
 * figures.ts). Exits 1 when a budget is missed. Quick mode judges counts and ratios only; budgets on absolute
 * times are judged in the full bench. scripts/bench.mjs bundles this file and runs it; heavy measurements run in
 * child processes (`--child <task>`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { callsSection, runCalls, type Impl } from './calls';
import { cliRollup, cliSection, floorRead, floorWrite, makeXlsx } from './cli';
import { consolidateSection, makeCityBooks, runConsolidateChild } from './consolidate';
import { customFunctionSection } from './custom-functions';
import { engineSection, runEngine } from './engine';
import { BENCH_SCHEMA, Figures } from './figures';
import { now, report } from './measure';
import type { PlanSize } from './plan';
import { ROOT } from './root';
import { reportSection, runReport } from './report';
import { runSetup, setupSection } from './setup';
import { sidebarSection } from './sidebar';
import { markdownSection, sec, type Section } from './table';

type Task =
  | { kind: 'calls'; size: PlanSize; impl: Impl }
  | { kind: 'setup'; size: PlanSize }
  | { kind: 'engine'; size: PlanSize; runs: number }
  | { kind: 'xlsx-make'; size: PlanSize; file: string }
  | { kind: 'cli-rollup'; file: string; out: string }
  | { kind: 'floor-read'; file: string; mode: 'memory' | 'stream' }
  | { kind: 'floor-write'; file: string; out: string; mode: 'memory' | 'stream' }
  | { kind: 'report'; runs: number }
  | { kind: 'consolidate-make'; dir: string; count: number }
  | { kind: 'consolidate-run'; files: string[]; out: string };

async function runChild(task: Task): Promise<void> {
  switch (task.kind) {
    case 'calls':
      return report(runCalls(task.size, task.impl));
    case 'setup':
      return report(runSetup(task.size));
    case 'engine':
      return report(runEngine(task.size, task.runs));
    case 'xlsx-make':
      return report(await makeXlsx(task.size, task.file));
    case 'cli-rollup':
      return report(await cliRollup(task.file, task.out));
    case 'floor-read':
      return report(await floorRead(task.file, task.mode));
    case 'floor-write':
      return report(await floorWrite(task.file, task.out, task.mode));
    case 'report':
      return report(await runReport(task.runs));
    case 'consolidate-make':
      return report(await makeCityBooks(task.dir, task.count));
    case 'consolidate-run':
      return report(await runConsolidateChild(task.files, task.out));
  }
}

const grid = (tabs: number[], perTab: number[]): PlanSize[] => perTab.flatMap((p) => tabs.map((t) => ({ tabs: t, perTab: p })));

/** Quick mode: the same code paths on small plans, for CI (well under a minute). */
const CONFIG = {
  quick: {
    calls: grid([2, 4], [10, 120]),
    naive: [{ tabs: 2, perTab: 10 }],
    engine: [{ tabs: 2, perTab: 50 }, { tabs: 4, perTab: 100 }],
    engineRuns: 1,
    cli: [{ tabs: 3, perTab: 50 }],
    cliReps: 1,
    cfProcesses: 5,
    sidebarTabs: 3,
    sidebarRenders: 3,
    reportRuns: 2,
    cities: 12,
  },
  full: {
    calls: grid([10, 50, 100], [100, 1000]),
    naive: grid([10, 50, 100], [100]).concat(grid([10], [1000])),
    engine: grid([10, 50, 100], [100, 1000]),
    engineRuns: 2,
    cli: [{ tabs: 50, perTab: 200 }, { tabs: 50, perTab: 1000 }],
    cliReps: 2,
    cfProcesses: 10,
    sidebarTabs: 10,
    sidebarRenders: 7,
    reportRuns: 5,
    cities: 100,
  },
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function machine(): string {
  const cpu = os.cpus();
  return `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const child = option(args, '--child');
  if (child) {
    await runChild(JSON.parse(Buffer.from(child, 'base64url').toString('utf8')) as Task);
    return 0;
  }
  const quick = args.includes('--quick');
  const config = quick ? CONFIG.quick : CONFIG.full;
  const outFile = path.resolve(option(args, '--out') ?? path.join(ROOT, 'out', quick ? 'bench-quick.md' : 'bench.md'));
  const jsonFile = outFile.replace(/(\.md)?$/, '.json');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-bench-'));
  const started = now();
  const sections: Section[] = [];
  const figures = new Figures();
  const add = (s: Section) => {
    sections.push(s);
    process.stdout.write(`\n${markdownSection(s)}\n`);
  };
  process.stdout.write(`# Shinchoku bench (${quick ? 'quick' : 'full'})\n${machine()}\n`);
  const only = option(args, '--only')?.split(',');
  const wanted = (name: string) => !only || only.includes(name);
  try {
    if (wanted('calls')) add(callsSection(config.calls, config.naive, figures));
    if (wanted('setup')) add(setupSection(config.calls, figures));
    if (wanted('engine')) add(engineSection(config.engine, config.engineRuns, figures));
    if (wanted('cli')) add(cliSection(config.cli, work, config.cliReps, figures));
    if (wanted('cf')) add(await customFunctionSection({ processes: config.cfProcesses, judgeWallClock: !quick }, figures));
    if (wanted('sidebar')) add(await sidebarSection({ tabs: config.sidebarTabs, renders: config.sidebarRenders, dir: work }, figures));
    if (wanted('report')) add(reportSection(config.reportRuns, !quick, figures));
    if (wanted('consolidate')) add(consolidateSection(config.cities, work, !quick, figures));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const { failures } = figures;
  const verdict = failures.length ? ['**Budgets missed:**', '', ...failures.map((f) => `- ${f}`)] : ['All budgets held.'];
  const date = new Date().toISOString();
  const seconds = (now() - started) / 1000;
  const markdown = [
    `# Shinchoku bench (${quick ? 'quick mode' : 'full'})`,
    '',
    `${date} · ${machine()} · ${sec(seconds)}`,
    '',
    ...verdict,
    '',
    ...sections.map(markdownSection).flatMap((s) => [s, '']),
  ].join('\n');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, markdown);
  const json = figures.json({ schema: BENCH_SCHEMA, mode: quick ? 'quick' : 'full', date, machine: machine(), seconds });
  fs.writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  const shown = (f: string) => path.relative(process.cwd(), f) || f;
  process.stdout.write(`\n${verdict.join('\n')}\nWritten: ${shown(outFile)}, ${shown(jsonFile)}\n`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
