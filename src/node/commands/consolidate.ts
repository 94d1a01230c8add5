/**
 * `shinchoku consolidate <books…> --out <summary.xlsx> [--json]`: many cities' books into one summary workbook
 * (core/consolidate). Books are opened one at a time and each is reduced to its rows before the next opens, so
 * memory stays that of one book plus the rows. A book that cannot be read is listed with its reason and the rest go
 * on. Exit code: 0 every book read; 1 some could not be read (the summary has the others, and 不足 lists them);
 * 2 nothing was written (no book could be read, or the arguments are wrong). What a city lacks (no rollup, year not
 * closed…) is reported, not an error.
 */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LACK_LABEL, codeText, consolidate, consolidationSheets, readCity, type CityRecord, type Consolidation, type Unreadable } from '../../core/consolidate';
import { UserError, errorText } from '../../core/errors';
import { EXIT, locked, sameFile, type Io } from '../cli-support';
import { Progress } from '../progress';
import { renderTable } from '../text-width';
import { XlsxWorkbook } from '../xlsx-workbook';

export interface ConsolidateRun {
  result: Consolidation;
  ms: number;
}

function checkArguments(books: string[], out: string): void {
  if (!['.xlsx'].includes(extname(out).toLowerCase())) throw new UserError(`--out には .xlsx のファイルを指定してください（${out}）`);
  const clash = books.find((b) => sameFile(b, out));
  if (clash) throw new UserError(`--out（${out}）に入力のブック（${clash}）は指定できません。集約の結果は別のファイルに書き出してください`);
}

/** Reads each book in turn (one in memory at a time), then writes the summary. */
export async function runConsolidate(books: string[], out: string, io: Io, showProgress: boolean): Promise<ConsolidateRun> {
  checkArguments(books, out);
  const started = performance.now();
  const progress = new Progress(io, showProgress, books.length + 1);
  const cities: CityRecord[] = [];
  const unreadable: Unreadable[] = [];
  const seen: string[] = [];
  for (const file of books) {
    if (seen.some((s) => sameFile(s, file))) {
      unreadable.push({ source: file, message: '同じファイルが2回指定されています（1回だけ数えました）' });
      progress.step(file);
      continue;
    }
    seen.push(file);
    try {
      // Read-only: nothing is saved over the book, so no lock is taken.
      cities.push(readCity(await XlsxWorkbook.open(file), file));
    } catch (e) {
      unreadable.push({ source: file, message: e instanceof UserError ? e.message : `予期しないエラー（${errorText(e)}）` });
    }
    progress.step(file);
  }
  if (!cities.length) {
    progress.stop();
    throw new UserError(`読み込めたブックがないため、集約を書き出しませんでした:\n${unreadable.map((u) => `・${u.source}: ${u.message}`).join('\n')}`);
  }
  const result = consolidate(cities, unreadable);
  const wb = XlsxWorkbook.create();
  wb.writeSheets(consolidationSheets(result));
  await locked(out, io, () => wb.save(out));
  progress.step('保存');
  progress.stop();
  return { result, ms: performance.now() - started };
}

/** The per-city table for the terminal: city, code, 評価年度, grade counts, what it lacks. */
export function formatConsolidation(c: Consolidation, ms: number, out: string): string {
  // Every grade is shown; reasons without a grade only where some city has one (the 団体別 sheet shows all).
  const grades = new Set(c.byCity.flatMap((l) => l.city.grades));
  const used = c.columns.filter((k) => grades.has(k) || c.byCity.some((l) => (l.counts[k] ?? 0) > 0));
  const table = renderTable(
    ['団体', '団体コード', '評価年度', ...used, '合計', '不足'],
    c.byCity.map((l) => [l.city.name, codeText(l.city), `${l.city.evaluationYear}年度`, ...used.map((k) => String(l.counts[k] ?? 0)), String(l.total), l.lacks.map((x) => LACK_LABEL[x.kind]).join('・') || 'なし']),
    ['left', 'left', 'left', ...used.map(() => 'right' as const), 'right', 'left'],
    [20, 16, 10],
  );
  const lines = [`■ 団体別の評価件数（各団体の評価年度）`, table];
  const lacking = c.byCity.filter((l) => l.lacks.length);
  if (lacking.length) {
    lines.push('', `■ 不足していること（${lacking.length}団体）`);
    for (const l of lacking) lines.push(`${l.city.name}（${l.city.source}）`, ...l.lacks.map((x) => `  ・${x.message}`));
  }
  if (c.unreadable.length) lines.push('', `■ 読み込めなかったファイル（${c.unreadable.length}件）`, ...c.unreadable.map((u) => `・${u.source}: ${u.message}`));
  const rows = c.byCity.reduce((n, l) => n + l.city.rows.length, 0);
  lines.push('', `集約を書き出しました: ${out}（${c.byCity.length}団体・${rows}行。「一覧」「団体別」「基本方針別」「年度別」「不足」シート）`);
  lines.push(`所要時間: ${(ms / 1000).toFixed(1)}秒`);
  return `${lines.join('\n')}\n`;
}

export function consolidationJson(c: Consolidation, ms: number) {
  return {
    cities: c.byCity.map((l) => ({
      source: l.city.source, code: l.city.code, name: l.city.name, title: l.city.title, evaluationYear: l.city.evaluationYear,
      firstYear: l.city.firstYear, lastYear: l.city.lastYear, rows: l.city.rows.length, counts: l.counts, total: l.total, lacks: l.lacks,
    })),
    columns: c.columns,
    byPolicy: c.byPolicy,
    byYear: c.byYear,
    unreadable: c.unreadable,
    seconds: ms / 1000,
  };
}

/** `setCode` gives run() the exit code (1 when some book could not be read). */
export function addConsolidateCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('consolidate')
    .description('複数の団体のブックを1つの集約ブック（一覧・団体別・基本方針別・年度別・不足）にまとめます（元のブックは変えません）')
    .argument('<books...>', '各団体の .xlsx ファイル')
    .requiredOption('--out <file>', '書き出す集約ブック（.xlsx。入力のブックとは別のファイル）')
    .option('--json', '結果を JSON で出力する')
    .action(async (books: string[], opts: { out: string; json?: boolean }) => {
      const { result, ms } = await runConsolidate(books, opts.out, io, !opts.json);
      if (opts.json) io.stdout(`${JSON.stringify(consolidationJson(result, ms), null, 2)}\n`);
      else io.stdout(formatConsolidation(result, ms, opts.out));
      if (result.unreadable.length) setCode(EXIT.findings);
    });
}
