/**
 * 設定's 「進捗評価方式」 applied to the rollup's rows (layout/outlook-setting.ts): with 単年度予定比 (the default)
 * nothing changes; otherwise a row that had a rate to compute (評価済 or 算定不能: a number for both 実績 and 予定)
 * is rated and graded on 期待値比 against E1 or E2, or on 経過年割合 (進捗率 ÷ 経過年割合), and its 備考 says which.
 * When the chosen method has no value for a row, the row is 算定不能 with the reason: never the single-year rate
 * in its place.
 */
import type { SummaryRow, Analysis } from '../analyze';
import { NO_GRADE, NO_GRADE_LABEL, gradeOf } from '../grades';
import type { OutlookRule } from '../layout/outlook-setting';
import { formatValue } from '../parse/format';
import { planOutlook, type RowOutlook } from './plan-outlook';

const RATED = new Set<SummaryRow['status']>(['評価済', '算定不能']);

function pick(o: RowOutlook, method: OutlookRule['method']): { rate: number | null; why: string; what: string } {
  if (method === '期待値比（均等配分）')
    return { rate: o.expectedRatio, why: o.expectedNote, what: `期待値比（均等配分）: 実績÷期待値${o.expected === null ? '' : `（期待値 ${formatValue(Math.round(o.expected * 1000) / 1000, null)}）`}` };
  if (method === '期待値比（計画の予定）') return { rate: o.planRatio, why: o.planNote, what: '期待値比（計画の予定）: 実績÷その年度の予定' };
  return { rate: o.paceRatio, why: o.paceNote, what: '経過年割合: 進捗率÷経過年割合' };
}

/** Rates and grades the rows by `rule.method` in place (rows of an analysis being built). */
export function applyProgressMethod(analysis: Pick<Analysis, 'rows' | 'indicators' | 'settings'>, rule: Pick<OutlookRule, 'method'>): void {
  const settings = analysis.settings;
  if (!settings || rule.method === '単年度予定比') return;
  const outlook = planOutlook(analysis);
  for (const row of analysis.rows) {
    const o = outlook.rows.get(row);
    if (!o || !RATED.has(row.status)) continue;
    const { rate, why, what } = pick(o, rule.method);
    const notes = row.note ? [row.note] : [];
    if (rate === null) {
      Object.assign(row, { rate: null, grade: NO_GRADE, gradeLabel: NO_GRADE_LABEL, status: '算定不能', note: [...notes, `${rule.method}: ${why || '計算できません'}`].join('／') });
      continue;
    }
    const band = gradeOf(rate, settings.scale);
    Object.assign(row, { rate, grade: band.grade, gradeLabel: band.label, status: '評価済', note: [...notes, what].join('／') });
  }
}
