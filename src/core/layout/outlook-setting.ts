/**
 * 設定's optional outlook rows (項目 | 値), issue 17: 「進捗評価方式」 (what 達成率 and 評価 in 達成状況 measure),
 * 「達成見込みの区切り(%)」 (the lower bound of もう少しの努力で達成できる) and 「達成率の表示」 (四捨五入 or 切り捨て to
 * one decimal). Read on their own, as 要因が必要な評価 is (cause-setting.ts), found by their 項目 wherever they are:
 * init writes them with the defaults (OUTLOOK_ROWS), and a book made before them reads as before: 単年度予定比, 80%,
 * 四捨五入. A value that does not read is an error on its cell, and the default is used.
 */
import { DEFAULT_OUTLOOK_CUT } from '../outlook/classes';
import type { Finding } from '../model';
import { parseEntry } from '../parse/entry';
import { a1, numberFormatAt, type SheetData } from '../workbook';
import { SHEET } from './sheet-names';
import { cellText, headerKey } from './table';

export const PROGRESS_METHODS = ['単年度予定比', '期待値比（均等配分）', '期待値比（計画の予定）', '経過年割合'] as const;
export type ProgressMethod = (typeof PROGRESS_METHODS)[number];
export const ROUNDINGS = ['四捨五入', '切り捨て'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

export const OUTLOOK_SETTING_KEYS = {
  method: '進捗評価方式',
  cut: '達成見込みの区切り(%)',
  rounding: '達成率の表示',
} as const;

export interface OutlookRule {
  method: ProgressMethod;
  /** Â/T from which the class is もう少しの努力で達成できる (a ratio, 0.8 = 80%). */
  cut: number;
  rounding: Rounding;
  findings: Finding[];
}

export const DEFAULT_OUTLOOK_RULE: Omit<OutlookRule, 'findings'> = { method: '単年度予定比', cut: DEFAULT_OUTLOOK_CUT, rounding: '四捨五入' };

/** The rows init writes (項目 | 値 | 説明), with the defaults as values. */
export const OUTLOOK_ROWS: readonly (readonly [string, string | number, string])[] = [
  [OUTLOOK_SETTING_KEYS.method, DEFAULT_OUTLOOK_RULE.method,
    `${PROGRESS_METHODS.join('・')}。達成状況の達成率と評価が何と比べた値かを決めます（期待値比なら評価基準は「茨城型」も使えます）`],
  [OUTLOOK_SETTING_KEYS.cut, DEFAULT_OUTLOOK_RULE.cut * 100,
    '最終年度見込みが目標のこの%以上なら「もう少しの努力で達成できる」、未満なら「一層の努力が必要」（100%以上は「ほぼ達成できる」）'],
  [OUTLOOK_SETTING_KEYS.rounding, DEFAULT_OUTLOOK_RULE.rounding, `${ROUNDINGS.join('・')}（小数第1位まで表示。計算には丸める前の値を使います）`],
];

const key = (s: string) => headerKey(s.normalize('NFKC')).replace(/[()（）\s]/g, '');

export function readOutlookRule(sheet: SheetData | undefined): OutlookRule {
  const findings: Finding[] = [];
  const v = sheet?.values ?? [];
  const find = (name: string) => {
    const r = v.findIndex((row) => key(cellText(row[0] ?? '')) === key(name));
    return r < 0 ? null : { raw: v[r]![1] ?? '', cell: a1(r + 1, 2), row: r + 1 };
  };
  const bad = (cell: string, message: string) => findings.push({ severity: 'error', code: 'bad-outlook-setting', sheet: SHEET.settings, cell, indicator: '', message });
  const choice = <T extends string>(name: string, options: readonly T[], fallback: T): T => {
    const c = find(name);
    const text = c ? cellText(c.raw).normalize('NFKC').replace(/\s+/g, '') : '';
    if (!c || !text) return fallback;
    const found = options.find((o) => o.normalize('NFKC').replace(/\s+/g, '') === text);
    if (found) return found;
    bad(c.cell, `「${name}」の「${cellText(c.raw)}」は${options.map((o) => `「${o}」`).join('')}のどれでもありません。「${fallback}」にします`);
    return fallback;
  };
  const method = choice(OUTLOOK_SETTING_KEYS.method, PROGRESS_METHODS, DEFAULT_OUTLOOK_RULE.method);
  const rounding = choice(OUTLOOK_SETTING_KEYS.rounding, ROUNDINGS, DEFAULT_OUTLOOK_RULE.rounding);
  let cut = DEFAULT_OUTLOOK_RULE.cut;
  const c = find(OUTLOOK_SETTING_KEYS.cut);
  if (c && cellText(c.raw).trim()) {
    const p = parseEntry(c.raw, { numberFormat: sheet ? numberFormatAt(sheet, c.row, 2) : '' });
    const seg = p.segments.length === 1 ? p.segments[0] : undefined;
    // A number is a percent (80 = 80%), as in the grade table's 「達成率の下限(%)」.
    const pct = seg?.kind === 'number' && (seg.unit === null || seg.unit === '%') ? seg.value : null;
    // (A percent so small that its ratio underflows to 0 is no cut either.)
    if (pct !== null && pct / 100 > 0 && pct < 100) cut = pct / 100;
    else bad(c.cell, `「${OUTLOOK_SETTING_KEYS.cut}」の「${cellText(c.raw)}」は0より大きく100より小さい%の数ではありません。${DEFAULT_OUTLOOK_CUT * 100}%にします`);
  }
  return { method, cut, rounding, findings };
}
