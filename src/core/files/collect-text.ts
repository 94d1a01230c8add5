/** A collect's report as lines of Japanese text, the same in every shell (the command line, the file dialog). */
import type { CollectResult, FileReport } from './collect';

/** One file's report as text lines. */
function fileText(r: FileReport, preferHint: string): string[] {
  const lines = [`■ ${r.message}`];
  if (r.outcome === 'refused') return lines;
  lines.push(`  取り込み ${r.imported.length}件、変更なし ${r.unchanged}件、競合 ${r.conflicts.length}件、入力欄の外の変更 ${r.outside.length}件`);
  for (const i of r.imported) lines.push(`  取り込み ${i.cell}（No.${i.no} ${i.name} の${i.fieldLabel}）: 「${i.before}」→「${i.after}」`);
  for (const k of r.conflicts)
    lines.push(`  競合 ${k.cell}（No.${k.no} ${k.name} の${k.fieldLabel}）: ファイル「${k.fileValue}」／ブック「${k.bookValue}」→ ${k.kept === 'file' ? 'ファイルの値にしました' : `ブックの値を残しました（${preferHint}）`}`);
  if (r.outside.length) lines.push(`  入力欄の外で変更されたセル（取り込んでいません）: ${r.outside.map((o) => `${o.cell}「${o.value}」`).join('、')}`);
  for (const p of r.notSubmitted) lines.push(`  提出として扱わなかった理由: ${p}`);
  for (const s of r.renamedSheets) lines.push(`  シート名が変えられています: 「${s.from}」→「${s.to}」（内容は読みました）`);
  if (r.addedSheets.length) lines.push(`  追加されたシート（読んでいません）: ${r.addedSheets.map((s) => `「${s}」`).join('、')}`);
  return lines;
}

/** The report of a collect, as the command line prints it and the file dialog shows it; `preferHint` says how to keep a file's value in a conflict. */
export function collectText(result: CollectResult, preferHint: string): string {
  const lines = [`${result.fiscalYearLabel}の回収`, ...result.files.flatMap((r) => fileText(r, preferHint))];
  lines.push(result.missing.length ? `まだ返っていない部門（${result.missing.length}）: ${result.missing.join('、')}` : 'すべての部門から返っています（または提出済みです）');
  return lines.join('\n');
}

