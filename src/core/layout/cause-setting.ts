/**
 * 設定's optional 「要因が必要な評価」 row (項目 | 値): the grade at or below which 提出 needs a 要因 (default C). Read on its
 * own so the rest of 設定 stays as it was; a book without the row uses the default.
 */
import { DEFAULT_CAUSE_GRADE } from '../direction';
import type { Finding, GradeBand } from '../model';
import { a1, type SheetData } from '../workbook';
import { SHEET } from './sheet-names';
import { cellText, headerKey } from './table';

export const CAUSE_GRADE_KEY = '要因が必要な評価';

export interface CauseRule {
  /** The grade on the scale from which (downwards) a 要因 is needed; '' when none of the scale's grades is. */
  grade: string;
  findings: Finding[];
}

export function readCauseRule(sheet: SheetData | undefined, scale: readonly GradeBand[]): CauseRule {
  const findings: Finding[] = [];
  const grades = scale.map((b) => b.grade);
  const fallback = grades.includes(DEFAULT_CAUSE_GRADE) ? DEFAULT_CAUSE_GRADE : grades[grades.length - 1] ?? '';
  const r = (sheet?.values ?? []).findIndex((row) => headerKey(row[0] ?? '') === headerKey(CAUSE_GRADE_KEY));
  if (r < 0) return { grade: fallback, findings };
  const text = cellText(sheet!.values[r][1] ?? '').normalize('NFKC').trim();
  if (!text) return { grade: fallback, findings };
  const grade = grades.find((g) => g.normalize('NFKC').toUpperCase() === text.toUpperCase());
  if (grade) return { grade, findings };
  findings.push({
    severity: 'error', code: 'bad-cause-grade', sheet: SHEET.settings, cell: a1(r + 1, 2), indicator: '',
    message: `「${CAUSE_GRADE_KEY}」の「${text}」は評価基準の評価（${grades.join('・')}）のどれでもありません。「${fallback}」以下で要因を求めます`,
  });
  return { grade: fallback, findings };
}
