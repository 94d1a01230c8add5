/**
 * Section 8: `shinchoku consolidate` over many generated city books (issue 16): the demo plan as N cities (another
 * name and 全国地方公共団体コード each, every 4th without a rollup, every 5th with its year closed, every 7th with a
 * longer plan period, 実績 left out at different rates). The books are written once, untimed; the command then runs
 * in a child process of its own (wall time of the command, module loading excluded, and the child's peak RSS). It
 * runs on a tenth of the books too: the ratio of the two peaks shows memory does not grow with the number of books.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LACK_LABEL } from '../../src/core/consolidate';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { run } from '../../src/node/cli';
import { fillCityBook, generatedCity } from '../support/city-books';
import type { Figures } from './figures';
import { inChild, now, peakRss } from './measure';
import { fmt, mb, ms, ratio, sec, size, type Section } from './table';

/** The "well under a minute" for 100 books, as a budget for the full bench. */
export const CONSOLIDATE_BUDGET_MS = 30_000;
/**
 * Peak memory over N books against N/10 books. One book in memory at a time keeps it well under 2 (measured 1.2–1.4:
 * the stacked rows, the summary and garbage V8 has not yet collected); keeping every book (a few MB each as exceljs
 * models) would multiply it.
 */
export const MEMORY_GROWTH_BUDGET = 2;

export function cityFile(dir: string, i: number): string {
  return path.join(dir, `city-${String(i + 1).padStart(3, '0')}.xlsx`);
}

/** In a child: writes `count` city books into `dir`; returns their total size. */
export async function makeCityBooks(dir: string, count: number): Promise<{ bytes: number }> {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const file = cityFile(dir, i);
    await fillCityBook(XlsxWorkbook.create(), generatedCity(i)).save(file);
    bytes += fs.statSync(file).size;
  }
  return { bytes };
}

export interface ConsolidateRun {
  ms: number;
  peakRss: number;
  code: number;
  /** Lines of the printed per-city table (one per city read). */
  cities: number;
  rows: number;
  /** Per kind of lack, the table lines that name it. */
  lacks: Record<string, number>;
  summaryBytes: number;
}

const quiet = { stderr: (s: string) => void process.stderr.write(s), isTTY: false };

/** In a child: the command as `shinchoku consolidate <files…> --out <out>` runs it; the printed table is read back. */
export async function runConsolidateChild(files: string[], out: string): Promise<ConsolidateRun> {
  let text = '';
  const t = now();
  const code = await run(['consolidate', ...files, '--out', out], { ...quiet, stdout: (s) => void (text += s) });
  const elapsed = now() - t;
  const tableLines = text.split('\n').filter((l) => /^試験\d+市\s/.test(l));
  const lacks = Object.fromEntries(Object.entries(LACK_LABEL).map(([kind, label]) => [kind, tableLines.filter((l) => l.includes(label)).length]));
  const rows = Number(/（\d+団体・(\d+)行/.exec(text)?.[1] ?? NaN);
  return { ms: elapsed, peakRss: peakRss(), code, cities: tableLines.length, rows, lacks, summaryBytes: fs.statSync(out).size };
}

/** What the generator put into the books: how many of each lack the command must find. */
function expectedLacks(count: number): Record<string, number> {
  const cities = Array.from({ length: count }, (_, i) => generatedCity(i));
  const longer = cities.filter((c) => c.lastYear).length;
  return {
    'no-rollup': cities.filter((c) => !c.rollup).length,
    'year-open': cities.filter((c) => !c.close).length,
    // The common period is the demo's unless most books have the longer one.
    'period-differs': longer * 2 > count ? count - longer : longer,
  };
}

export function consolidateSection(count: number, dir: string, judgeWallClock: boolean, figures: Figures): Section {
  const folder = path.join(dir, 'cities');
  const made = inChild<{ bytes: number }>({ kind: 'consolidate-make', dir: folder, count });
  const files = Array.from({ length: count }, (_, i) => cityFile(folder, i));
  const small = Math.max(2, Math.round(count / 10));
  const full = inChild<ConsolidateRun>({ kind: 'consolidate-run', files, out: path.join(dir, 'summary.xlsx') });
  const tenth = inChild<ConsolidateRun>({ kind: 'consolidate-run', files: files.slice(0, small), out: path.join(dir, 'summary-small.xlsx') });
  fs.rmSync(folder, { recursive: true, force: true });

  figures.put('consolidate.books', count, 'count');
  figures.check('consolidate.unreadBooks', count - full.cities, 'count', '<=', 0, () => `consolidate printed ${full.cities} of ${count} generated books in its table (exit ${full.code})`);
  for (const [kind, n] of Object.entries(expectedLacks(count)))
    figures.check(`consolidate.lackMismatch.${kind}`, Math.abs((full.lacks[kind] ?? 0) - n), 'count', '<=', 0, () => `consolidate found ${full.lacks[kind] ?? 0} books with ${kind}, the generator made ${n}`);
  if (judgeWallClock) figures.check('consolidate.ms', full.ms, 'ms', '<', CONSOLIDATE_BUDGET_MS, (v) => `consolidate took ${sec(v / 1000)} over ${count} books (budget: under ${sec(CONSOLIDATE_BUDGET_MS / 1000)})`);
  else figures.put('consolidate.ms', full.ms, 'ms');
  figures.put('consolidate.msPerBook', full.ms / count, 'ms');
  figures.put('consolidate.peakRssBytes', full.peakRss, 'bytes');
  figures.put('consolidate.rows', full.rows, 'count');
  figures.put('consolidate.summaryBytes', full.summaryBytes, 'bytes');
  figures.put('consolidate.inputBytes', made.bytes, 'bytes');
  const growth = full.peakRss / tenth.peakRss;
  figures.check('consolidate.memoryGrowth', growth, 'ratio', '<=', MEMORY_GROWTH_BUDGET, (v) => `consolidate's peak memory over ${count} books is ${ratio(v)} that over ${small} (budget ${MEMORY_GROWTH_BUDGET}×: one book in memory at a time)`);
  return {
    title: `8. Consolidate: ${count} city books into one summary`,
    intro: [
      `${count} city books generated from the demo (names, codes, every 4th without rollup, every 5th closed, every 7th with a longer period; written once, untimed),`,
      'then `shinchoku consolidate <books…> --out summary.xlsx` in a child process (its printed per-city table read back for the counts): wall time of the command (module loading excluded) and the child\'s peak RSS (VmHWM).',
    ],
    tables: [
      {
        title: 'Consolidate',
        head: ['books', 'input', 'rows stacked', 'summary', 'time', 'per book', 'peak RSS', `peak RSS over ${small} books`, 'memory growth'],
        rows: [[fmt(count), size(made.bytes), fmt(full.rows), size(full.summaryBytes), sec(full.ms / 1000), ms(full.ms / count), mb(full.peakRss), mb(tenth.peakRss), ratio(growth)]],
        notes: [
          judgeWallClock ? `Budget (full mode only): under ${sec(CONSOLIDATE_BUDGET_MS / 1000)} for the books (the issue: well under a minute for 100).` : 'Quick mode judges counts and the memory ratio only; the full bench holds 100 books under 30 s.',
          `Every book read, and the lacks found as generated (no rollup ${full.lacks['no-rollup'] ?? 0}, year not closed ${full.lacks['year-open'] ?? 0}, another period ${full.lacks['period-differs'] ?? 0}).`,
        ],
      },
    ],
  };
}
