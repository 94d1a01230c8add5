/** Japanese labels of the report: years in both eras, the data date, and what each reason without a grade means. */
import type { RowStatus } from '../analyze';
import { eraLabel, eraOfDay, eraYearOfDay, formatFiscalYear } from '../parse/fiscal-year';
import type { ReportDay } from './model';

/** `令和2年度（2020年度）`, as the plan's own document heads its year columns. */
export function fiscalYearBothEras(fy: number): string {
  const era = eraLabel(fy);
  const western = formatFiscalYear(fy);
  return era === western ? western : `${era}（${western}）`;
}

/** The era of a calendar day (not a fiscal year: 令和 began on 1 May 2019, 平成 on 8 January 1989). */
function eraYear(d: ReportDay): string {
  return eraOfDay(d.year, d.month, d.day) ? `${eraYearOfDay(d.year, d.month, d.day)}（${d.year}年）` : `${d.year}年`;
}

/** `令和3年（2021年）5月31日`. */
export function dataDateLabel(d: ReportDay): string {
  return `${eraYear(d)}${d.month}月${d.day}日`;
}

/** What a reason without a grade means, for the summary's notes. */
export const UNGRADED_MEANING: Readonly<Partial<Record<RowStatus, string>>> = {
  未測定: '実績をまだ測定していない（集計中を含む）',
  未入力: '実績が入力されていない',
  対象外: 'その年度は対象外（「-」）',
  中止: '取組を中止した',
  完了: '取組が完了した',
  目標なし: 'その年度の予定（目標）が数値でない、またはない',
  算定不能: '目標が0や負の値などで達成率を計算できない',
  入力エラー: '実績を数値として読めない',
  目標エラー: '予定（目標）を数値として読めない',
};
