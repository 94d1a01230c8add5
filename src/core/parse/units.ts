/** Units (counters) seen in plans, and how spellings of one unit are matched (domain-research.md §c1.7–8). */

/** Spellings that mean the same unit, canonical form first. */
const ALIASES: string[][] = [
  ['%', 'パーセント', 'パーセンテージ'],
  ['ポイント', 'pt', '%pt', 'ポイント', 'pts', '%ポイント', 'パーセントポイント'],
  ['箇所', 'か所', 'ヵ所', 'ヶ所', 'カ所', 'ケ所', '個所', 'ヵ所'],
  ['か月', 'ヵ月', 'ヶ月', 'カ月', 'ケ月', '箇月'],
  ['m2', '㎡', '平方メートル'],
];

/** Known units written after a number; the entry parser takes the longest that matches. */
export const KNOWN_UNITS: readonly string[] = [
  '件', '人', '回', '点', '拠点', '施設', '時間', '種類', '業務', '室課', '課', '校', '団体', '組織', '台',
  '日', '分', '秒', '円', '千円', '万円', '百万円', '億円', '倍', '冊', '部', '人日', '人月', '人時', '社',
  '名', '者', '枚', '頁', 'ページ', '本', '個', '基', '局', '店舗', '戸', '世帯', '事業', '項目', '手続',
  '手続き', '機', '年', '週', '月', 'システム', 'アカウント', 'ライセンス', 'km', 'm', 'kg', 't', 'GB', 'TB',
  'MB', '歳', '才', '件数', '人数', '回数', 'アクセス', 'ダウンロード', 'DL', 'PV',
  // Durations: 5年間 is one unit, not 5 年 and a label 間 (docs/parser-rules.md).
  '年間', '日間', '週間',
  ...ALIASES.flat(),
];

/** Known units, longest first; sorted on first use (nothing runs at module load in the Apps Script bundle). */
let byLength: string[] | null = null;
const unitsByLength = (): string[] => (byLength ??= Array.from(new Set(KNOWN_UNITS)).sort((a, b) => b.length - a.length));

/** Units whose spelling starts with a magnitude kanji; they are units, not multipliers. */
export const MONEY_UNITS: readonly string[] = ['千円', '万円', '百万円', '億円'];

/** The longest known unit at position `i` of `s` (ASCII letters case-insensitive), or null. */
export function matchUnitAt(s: string, i: number): string | null {
  for (const u of unitsByLength()) {
    const piece = s.slice(i, i + u.length);
    if (piece === u || (/^[a-z%]+$/i.test(u) && piece.toLowerCase() === u.toLowerCase())) return piece;
  }
  return null;
}

/** True when `u` is a known unit spelling. */
export function isKnownUnit(u: string): boolean {
  return matchUnitAt(u, 0)?.length === u.length && u.length > 0;
}

/**
 * The canonical spelling of a unit: `パーセント` → `%`, `pt`/`%pt`/`ﾎﾟｲﾝﾄ` → `ポイント`, `ヶ所` → `箇所`.
 * Unknown units come back NFKC-normalised and trimmed.
 */
export function canonicalUnit(u: string): string {
  const n = u.normalize('NFKC').trim().replace(/\s+/g, '');
  const lower = n.toLowerCase();
  for (const group of ALIASES) {
    if (group.some((a) => a.normalize('NFKC').toLowerCase() === lower)) return group[0]!;
  }
  return n;
}

/** True when two units mean the same (% and ポイント differ). Two missing units are the same. */
export function sameUnit(a: string | null | undefined, b: string | null | undefined): boolean {
  const ea = a === null || a === undefined || a.trim() === '';
  const eb = b === null || b === undefined || b.trim() === '';
  if (ea || eb) return ea && eb;
  return canonicalUnit(a) === canonicalUnit(b);
}

/** True for percent and percentage points (values of these units may be negative or above 100). */
export function isPercentLike(u: string | null): boolean {
  if (u === null) return false;
  const c = canonicalUnit(u);
  return c === '%' || c === 'ポイント';
}
