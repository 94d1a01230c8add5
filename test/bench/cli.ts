/**
 * Section 4: `shinchoku rollup` on a generated .xlsx against the I/O floor, exceljs reading the same input and
 * writing the same result with nothing else to do.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as fs from 'node:fs';
import { initWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { run } from '../../src/node/cli';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { saveStreaming } from '../../src/node/xlsx-stream';
import { planKey, type Figures } from './figures';
import { inChild, now, peakRss } from './measure';
import { generatedEntries, generatedPlan, indicatorsOf, sizeLabel, type PlanSize } from './plan';
import { fmt, mb, ratio, sec, size as fileSize, type Section } from './table';

export const FLOOR_BUDGET = 1.3;
/** The plan the budget is set for (issue 6): 50 tabs × 1,000 indicators. */
export const BUDGET_SIZE: PlanSize = { tabs: 50, perTab: 1000 };
const isBudgetSize = (s: PlanSize) => s.tabs === BUDGET_SIZE.tabs && s.perTab === BUDGET_SIZE.perTab;

export interface Timed {
  ms: number;
  peakRss: number;
}

/** In a child: writes the generated plan (設定, 計画マスタ, department tabs with entries) to `file`. */
export async function makeXlsx(size: PlanSize, file: string): Promise<{ bytes: number }> {
  const plan = generatedPlan(size);
  const book = XlsxWorkbook.create();
  initWorkbook(book, plan);
  setupDepartmentTabs(book, generatedEntries(plan));
  await book.save(file);
  return { bytes: fs.statSync(file).size };
}

const quiet = { stdout: () => undefined, stderr: (s: string) => void process.stderr.write(s), isTTY: false };

/** In a child: the command, as `shinchoku rollup <file> --out <out>` runs it (module loading excluded). */
export async function cliRollup(file: string, out: string): Promise<Timed & { code: number; order: string[] }> {
  const t = now();
  const code = await run(['rollup', file, '--out', out], quiet);
  const ms = now() - t;
  return { ms, peakRss: peakRss(), code, order: await partsOutOfOrder(out) };
}

/** In a child: exceljs reading `file`, in memory or with its streaming reader (every cell visited). */
export async function floorRead(file: string, mode: 'memory' | 'stream'): Promise<Timed> {
  const t = now();
  if (mode === 'memory') await new ExcelJS.Workbook().xlsx.readFile(file);
  else {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'cache', worksheets: 'emit' });
    let cells = 0;
    for await (const ws of reader) for await (const row of ws) cells += (row as ExcelJS.Row).cellCount;
    if (cells === 0) throw new Error('nothing read');
  }
  return { ms: now() - t, peakRss: peakRss() };
}

/**
 * In a child: exceljs writing the workbook in `file` (loaded first, untimed) to `out`: its in-memory writer, or its
 * streaming writer fed row by row from the loaded model (every part: values, styles, links, notes, merges,
 * validations, rules, protection).
 */
export async function floorWrite(file: string, out: string, mode: 'memory' | 'stream'): Promise<Timed> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const t = now();
  if (mode === 'memory') await wb.xlsx.writeFile(out);
  else {
    const stream = fs.createWriteStream(out);
    const closed = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    await saveStreaming(wb, new Map(), stream);
    await closed;
  }
  return { ms: now() - t, peakRss: peakRss() };
}

/** CT_Worksheet's order of the parts after sheetData; Excel repairs a file whose parts come in another order. */
const PART_ORDER = ['<sheetProtection', '<autoFilter', '<mergeCells', '<conditionalFormatting', '<dataValidations', '<hyperlinks>', '<pageMargins', '<pageSetup', '<headerFooter', '<rowBreaks', '<legacyDrawing'];

/** Worksheets of `file` whose parts are out of the schema's order (empty when all are in order). */
async function partsOutOfOrder(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const bad: string[] = [];
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    const tail = xml.slice(xml.indexOf('</sheetData>'));
    const at = PART_ORDER.map((p) => tail.indexOf(p)).filter((i) => i >= 0);
    if (at.some((i, k) => k > 0 && i < at[k - 1])) bad.push(name);
  }
  return bad;
}

export function cliSection(sizes: PlanSize[], dir: string, reps: number, figures: Figures): Section {
  const rows: (string | number)[][] = [];
  const detail: (string | number)[][] = [];
  for (const size of sizes) {
    const input = `${dir}/plan-${size.tabs}x${size.perTab}.xlsx`;
    const result = `${dir}/plan-${size.tabs}x${size.perTab}.rollup.xlsx`;
    const { bytes } = inChild<{ bytes: number }>({ kind: 'xlsx-make', size, file: input });
    const best = <T extends Timed>(task: () => T): T => Array.from({ length: reps }, task).reduce((a, b) => (b.ms < a.ms ? b : a));
    const cli = best(() => inChild<Timed & { code: number; order: string[] }>({ kind: 'cli-rollup', file: input, out: result }));
    if (cli.code !== 0) throw new Error(`shinchoku rollup exited ${cli.code} on ${input}`);
    const key = (name: string) => `cli.plan.${planKey(size)}.${name}`;
    figures.check(key('sheetsOutOfOrder'), cli.order.length, 'count', '<=', 0, () => `sheet parts out of the schema's order (Excel would repair the file): ${cli.order.join(', ')}`);
    const readMem = best(() => inChild<Timed>({ kind: 'floor-read', file: input, mode: 'memory' }));
    const readStream = best(() => inChild<Timed>({ kind: 'floor-read', file: input, mode: 'stream' }));
    const writeMem = best(() => inChild<Timed>({ kind: 'floor-write', file: result, out: `${result}.floor.xlsx`, mode: 'memory' }));
    const writeStream = best(() => inChild<Timed>({ kind: 'floor-write', file: result, out: `${result}.floor.xlsx`, mode: 'stream' }));
    const floor = figures.put(key('floorMs'), Math.min(readMem.ms, readStream.ms) + Math.min(writeMem.ms, writeStream.ms), 'ms');
    figures.put(key('rollupMs'), cli.ms, 'ms');
    figures.put(key('peakRssBytes'), cli.peakRss, 'bytes');
    const r = cli.ms / floor;
    // The ratio to the floor, measured in the same run, is the budget (on the plan it was set for).
    if (isBudgetSize(size))
      figures.check('cli.floorRatio', r, 'ratio', '<=', FLOOR_BUDGET, (v) => `rollup ${sec(cli.ms / 1000)} is ${ratio(v)} the I/O floor ${sec(floor / 1000)} on ${sizeLabel(size)} (budget ${FLOOR_BUDGET}×)`);
    figures.put(key('floorRatio'), r, 'ratio');
    rows.push([`${sizeLabel(size)}${isBudgetSize(size) ? ' (budget)' : ''}`, fmt(indicatorsOf(size)), fileSize(bytes), fileSize(fs.statSync(result).size), sec(cli.ms / 1000), sec(floor / 1000), ratio(r), mb(cli.peakRss)]);
    detail.push(
      [sizeLabel(size), 'exceljs reads the input, in memory', sec(readMem.ms / 1000), mb(readMem.peakRss)],
      [sizeLabel(size), 'exceljs reads the input, streaming reader', sec(readStream.ms / 1000), mb(readStream.peakRss)],
      [sizeLabel(size), 'exceljs writes the result, in-memory writer', sec(writeMem.ms / 1000), mb(writeMem.peakRss)],
      [sizeLabel(size), 'exceljs writes the result, streaming writer', sec(writeStream.ms / 1000), mb(writeStream.peakRss)],
      [sizeLabel(size), 'shinchoku rollup (read, rollup, write)', sec(cli.ms / 1000), mb(cli.peakRss)],
    );
    for (const f of [input, result, `${result}.floor.xlsx`]) fs.rmSync(f, { force: true });
  }
  return {
    title: '4. Local command line against the I/O floor',
    intro: [
      '`shinchoku rollup <plan.xlsx> --out <result.xlsx>` (the `run` function of src/node/cli.ts, module loading excluded) on a generated',
      'workbook, against the floor: exceljs reading that input plus exceljs writing that result, each the faster of its two ways (in-memory',
      `or streaming), nothing computed. Best of ${reps} run${reps > 1 ? 's' : ''}, each in a process of its own; memory is the process\'s peak RSS.`,
    ],
    tables: [
      {
        title: 'Rollup against the floor',
        head: ['tabs × indicators per tab', 'indicators', 'input', 'result', 'shinchoku rollup', 'I/O floor', 'ratio', 'peak RSS'],
        rows,
        notes: [
          `Budget: within ${FLOOR_BUDGET}× the floor on ${sizeLabel(BUDGET_SIZE)}; other sizes are shown for how the ratio moves (not enforced).`,
          'exceljs runs with this project\'s save patches in every row (src/node/xlsx-write.ts), so the floor is the library at its best.',
        ],
      },
      { title: 'Floor parts', head: ['plan', 'step', 'time', 'peak RSS'], rows: detail },
    ],
  };
}
