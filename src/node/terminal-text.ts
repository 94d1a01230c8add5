/** What the command line prints: the achievement summary, the counts and the findings, in Japanese. */
import type { Analysis } from '../core/analyze';
import type { Counts, CountLine } from '../core/counts';
import { scaleText } from '../core/layout/summary';
import { severityLabel, type Finding, type Settings } from '../core/model';
import { formatValue } from '../core/parse/format';
import { formatRate } from '../core/rates';
import { renderTable } from './text-width';

/** Rows shown per year on a terminal; a big plan's full table is in 達成状況 and in --json. */
const MAX_ROWS_PER_YEAR = 200;

export function formatSummary(analysis: Analysis, counts: Counts, settings: Settings): string {
  const out: string[] = [];
  out.push(`${settings.title || '計画'} 達成状況（評価年度: ${settings.evaluationYear}年度、評価基準: ${settings.scaleName} ${scaleText(settings.scale)}）`);
  const years = [...new Set(analysis.rows.map((r) => r.fiscalYear))].sort((a, b) => a - b);
  for (const fy of years) {
    const rows = analysis.rows.filter((r) => r.fiscalYear === fy);
    if (rows.every((r) => r.status === '未入力')) {
      out.push('', `■ ${fy}年度: ${rows.length}指標とも実績は未入力です`);
      continue;
    }
    out.push('', `■ ${fy}年度`);
    out.push(
      renderTable(
        ['No.', '指標', '報告部門', '目標', '実績', '達成率', '評価', '状態'],
        rows.slice(0, MAX_ROWS_PER_YEAR).map((r) => [
          String(r.no), r.indicator, r.department,
          r.target === null ? r.targetText : formatValue(r.target, r.unit),
          r.actual === null ? r.actualText : formatValue(r.actual, r.unit),
          formatRate(r.rate, analysis.outlookRule?.rounding), r.grade, r.status,
        ]),
        ['right', 'left', 'left', 'right', 'right', 'right', 'left', 'left'],
        [4, 26, 14, 18, 22, 10, 4, 10],
      ),
    );
    if (rows.length > MAX_ROWS_PER_YEAR)
      out.push(`…ほか${rows.length - MAX_ROWS_PER_YEAR}行（すべては「達成状況」シートか --json で確認できます）`);
  }
  const grades = settings.scale.map((b) => b.grade);
  out.push('', '■ 年度別の評価件数', countTable('年度', counts.byYear, counts.columns, grades));
  out.push('', `■ 部門別の評価件数（${settings.evaluationYear}年度）`, countTable('報告部門', counts.byDepartment, counts.columns, grades));
  if (analysis.excluded.length) {
    out.push('', '■ 集計対象外のアクションプラン');
    out.push(renderTable(['No.', 'アクションプラン', '状態', '備考'], analysis.excluded.map((x) => [String(x.no), x.actionPlan, x.state, x.note]), ['right'], [4, 30, 6, 60]));
  }
  return out.join('\n');
}

function countTable(head: string, lines: CountLine[], columns: string[], grades: string[]): string {
  // Reasons without a grade that are zero everywhere are left out of the terminal view (the sheet shows all).
  const used = columns.filter((c) => grades.includes(c) || lines.some((l) => l.counts[c] > 0));
  return renderTable([head, ...used, '合計'], lines.map((l) => [l.key, ...used.map((c) => String(l.counts[c])), String(l.total)]), ['left', ...used.map(() => 'right' as const), 'right']);
}

export function formatFindings(findings: Finding[], limit = 50): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const head = `検証結果: エラー ${errors}件・警告 ${findings.length - errors}件`;
  if (!findings.length) return `${head}（問題は見つかりませんでした）`;
  const shown = findings.slice(0, limit);
  const lines = shown.map((f) => `${severityLabel(f.severity)}  ${f.sheet}${f.cell ? `!${f.cell}` : ''}${f.indicator ? `  ${f.indicator}` : ''}  ${f.message}`);
  if (findings.length > limit) lines.push(`…ほか${findings.length - limit}件（すべては「検証結果」シートか --json で確認できます）`);
  return [head, ...lines].join('\n');
}
