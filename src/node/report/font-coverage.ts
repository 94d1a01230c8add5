/**
 * Which characters a TrueType font has, read from its cmap table, and the report's texts the font cannot show.
 * Typst draws a missing glyph as an empty box without any warning, so the report is checked before compiling.
 */

/** The code points a font maps to a glyph (cmap formats 4 and 12, Windows Unicode subtables). */
export function fontCodePoints(ttf: Uint8Array): Set<number> {
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const numTables = view.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const tag = String.fromCharCode(...ttf.subarray(rec, rec + 4));
    if (tag === 'cmap') cmap = view.getUint32(rec + 8);
  }
  if (cmap < 0) throw new Error('font has no cmap table');
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  const count = view.getUint16(cmap + 2);
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + i * 8;
    subtables.push({ platform: view.getUint16(rec), encoding: view.getUint16(rec + 2), offset: cmap + view.getUint32(rec + 4) });
  }
  const full = subtables.find((s) => s.platform === 3 && s.encoding === 10 && view.getUint16(s.offset) === 12);
  if (full) return format12(view, full.offset);
  const bmp = subtables.find((s) => s.platform === 3 && s.encoding === 1 && view.getUint16(s.offset) === 4);
  if (bmp) return format4(view, bmp.offset);
  throw new Error('font has no Unicode cmap subtable');
}

function format12(view: DataView, at: number): Set<number> {
  const out = new Set<number>();
  const groups = view.getUint32(at + 12);
  for (let g = 0; g < groups; g++) {
    const rec = at + 16 + g * 12;
    const start = view.getUint32(rec);
    const end = view.getUint32(rec + 4);
    const glyph = view.getUint32(rec + 8);
    for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) out.add(c);
  }
  return out;
}

function format4(view: DataView, at: number): Set<number> {
  const out = new Set<number>();
  const segs = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const ranges = deltas + segs * 2;
  for (let s = 0; s < segs; s++) {
    const end = view.getUint16(ends + s * 2);
    const start = view.getUint16(starts + s * 2);
    const delta = view.getInt16(deltas + s * 2);
    const rangeAt = ranges + s * 2;
    const range = view.getUint16(rangeAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      const indexed = range === 0 ? c : view.getUint16(rangeAt + range + (c - start) * 2);
      // An indexed 0 is the missing glyph; otherwise idDelta applies (modulo 65536) in both cases.
      const glyph = range !== 0 && indexed === 0 ? 0 : (indexed + delta) & 0xffff;
      if (glyph !== 0) out.add(c);
    }
  }
  return out;
}

export interface MissingCharacter {
  char: string;
  codePoint: string;
  /** Where in the report it came from, for people: `No.5 指標「閲覧者数」 令和2年度（2020年度）の実績`. */
  where: string;
}

/** Characters a line break or tab stands for; they are not drawn as glyphs. */
const LAYOUT_CHARS = new Set([0x0a, 0x0d, 0x09]);

const FIELD_NAMES: Readonly<Record<string, string>> = {
  cover: '表紙', summary: '評価結果の概要', otherPlans: '', plans: '',
  planTitle: '計画名', reportTitle: '報告書名', fiscalYearLabel: '評価対象年度', dataDateLabel: 'データの日付',
  audienceLabel: '庁内用・公表用', coordinatorDept: '調整部門', contacts: '問い合わせ先', header: 'ページの見出し',
  scope: '範囲', scopeLabel: '範囲', kind: '',
  title: '表題', keyHeader: '見出し', columns: '列', columnLabels: '列見出し', label: '見出し', grade: '評価',
  range: '達成率の範囲', scaleText: '評価基準', scaleName: '評価基準名', rateMethod: '達成率の求め方',
  ungradedReasons: '評価なしの理由', policy: '基本方針', theme: '取組', actionPlan: 'アクションプラン',
  ownerDepts: '主管部門', relatedDepts: '関係部門', overview: '概要', purpose: '目的', outcome: '成果目標',
  name: '指標名', unit: '単位', department: '報告部門', methodText: '算定方法', description: '備考（計画マスタ）',
  target: '予定', actual: '実績', rate: '達成率', status: '状態', note: '備考', svg: 'グラフ',
  alt: 'グラフの説明', text: '本文', yearLabel: '年度', indicator: '指標名', findings: '検証結果',
  state: '状態', reason: '理由', version: '指標（中間見直し）', versions: '指標の版', period: '適用年度', changes: '指標変更',
  charts: '', targets: '予定', actuals: '実績',
};

type Json = string | number | boolean | null | undefined | Json[] | { [k: string]: Json };

/** A path step for people: a plan by its No., an indicator by its name, a year by its label. */
function stepName(key: string, value: Json): string {
  const obj = value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  if (obj && typeof obj.no === 'number' && 'reason' in obj) return `No.${obj.no}（個別ページなし）`;
  if (obj && typeof obj.no === 'number') return `No.${obj.no}`;
  if (obj && typeof obj.yearLabel === 'string') return `${obj.yearLabel}のコメント（${obj.department}）`;
  if (obj && 'years' in obj && typeof obj.name === 'string') return `指標「${obj.name}」`;
  if (obj && typeof obj.label === 'string' && 'fiscalYear' in obj) return obj.label;
  if (obj && typeof obj.title === 'string') return `「${obj.title}」`;
  if (obj && typeof obj.label === 'string') return `「${obj.label}」の行`;
  return FIELD_NAMES[key] ?? '';
}

/** Every character of the report's strings that `covered` lacks, once per character and place. */
export function missingCharacters(model: unknown, covered: ReadonlySet<number>, extra: { text: string; where: string }[] = []): MissingCharacter[] {
  const out: MissingCharacter[] = [];
  const seen = new Set<string>();
  const check = (s: string, where: string) => {
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (LAYOUT_CHARS.has(cp) || covered.has(cp)) continue;
      const key = `${ch}\u0000${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ char: ch, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, where });
    }
  };
  const walk = (value: Json, path: string[]) => {
    if (typeof value === 'string') return check(value, path.filter(Boolean).join(' '));
    if (Array.isArray(value)) return value.forEach((v) => walk(v, [...path, stepName('', v)]));
    if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        const isArray = Array.isArray(v);
        walk(v, [...path, isArray || typeof v !== 'object' || v === null ? FIELD_NAMES[k] ?? '' : stepName(k, v)]);
      }
  };
  walk(model as Json, []);
  for (const e of extra) check(e.text, e.where);
  return out;
}
