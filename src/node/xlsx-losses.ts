/**
 * What exceljs 4.4.0 cannot write back. exceljs loads only the parts its reader names (xl/workbook.xml, styles,
 * shared strings, themes, xl/worksheets/sheetN.xml, their comments, tables, notes' VML, drawings and media) and its
 * writers emit only those; every other part of the package is gone after a save, and of a drawing only its pictures
 * are written again. test/node/xlsx-losses.test.ts derives this from a load → save round trip (what the saved file
 * still holds) and fails when exceljs keeps or drops anything else.
 */

/** Part names exceljs's reader picks up (its own patterns in lib/xlsx/xlsx.js `load`, anchored). */
const KEPT = [
  /^\[Content_Types\]\.xml$/,
  /^_rels\/\.rels$/,
  /^docProps\/(app|core)\.xml$/,
  /^xl\/workbook\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/(sharedStrings|styles)\.xml$/,
  /^xl\/theme\/[a-zA-Z0-9]+\.xml$/,
  /^xl\/worksheets\/sheet\d+\.xml$/,
  /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/,
  /^xl\/media\/[a-zA-Z0-9]+\.[a-zA-Z0-9]{3,4}$/,
  /^xl\/drawings\/[a-zA-Z0-9]+\.xml$/,
  /^xl\/drawings\/_rels\/[a-zA-Z0-9]+\.xml\.rels$/,
  /^xl\/drawings\/vmlDrawing\d+\.vml$/,
  /^xl\/comments\d+\.xml$/,
  /^xl\/tables\/table\d+\.xml$/,
];

/**
 * Parts dropped that carry nothing of people's work: caches and device data Excel writes again on its next save
 * (the calculation order, printer driver settings — the page setup itself is in the sheet and kept — and the
 * thumbnail a file browser shows).
 */
const REBUILT = [/^xl\/calcChain\.xml$/, /^xl\/printerSettings\//, /^docProps\/thumbnail\.\w+$/];

/** What a lost part is, in the refusal message; the first pattern that matches names it. undefined: not counted. */
const KINDS: [RegExp, string | undefined][] = [
  [/^xl\/charts\/chart[^/]*\.xml$/, 'グラフ'],
  [/^xl\/charts\//, undefined], // a chart's styles and colours go with the chart
  [/^xl\/chartsheets\/[^/]+\.xml$/, 'グラフシート'],
  [/^xl\/pivotTables\/[^/]+\.xml$/, 'ピボットテーブル'],
  [/^xl\/pivotCache\/pivotCacheDefinition[^/]*\.xml$/, 'ピボットテーブルのキャッシュ'],
  [/^xl\/pivotCache\//, undefined],
  [/^xl\/slicers\/[^/]+\.xml$/, 'スライサー'],
  [/^xl\/slicerCaches\//, undefined],
  [/^xl\/timelines\/[^/]+\.xml$/, 'タイムライン'],
  [/^xl\/timelineCaches\//, undefined],
  [/^xl\/vbaProject\.bin$/, 'マクロ（VBA）'],
  [/^xl\/vbaProjectSignature\.bin$/, undefined],
  [/^xl\/externalLinks\/[^/]+\.xml$/, '外部ブックへのリンク'],
  [/^xl\/threadedComments\/[^/]+\.xml$/, 'スレッド形式のコメント'],
  [/^xl\/persons\//, undefined],
  [/^xl\/ctrlProps\/[^/]+\.xml$/, 'フォーム コントロール'],
  [/^xl\/activeX\/[^/]+\.xml$/, 'ActiveX コントロール'],
  [/^xl\/activeX\//, undefined],
  [/^xl\/embeddings\/[^/]+$/, '埋め込みオブジェクト'],
  [/^xl\/diagrams\/data[^/]*\.xml$/, 'SmartArt'],
  [/^xl\/diagrams\//, undefined],
  [/^xl\/(queryTables\/[^/]+\.xml|connections\.xml)$/, '外部データの接続'],
  [/^xl\/model\//, 'データ モデル'],
  [/^xl\/richData\//, undefined],
  [/^xl\/metadata\.xml$/, 'セル内の画像や動的配列の数式の情報'],
  [/^xl\/drawings\/[^/]+\.vml$/, 'フォーム コントロールや図形（VML）'],
  [/^xl\/(worksheets|dialogsheets|macrosheets)\/[^/]+\.xml$/, 'シート'],
  [/^docProps\/custom\.xml$/, 'ファイルのユーザー設定のプロパティ'],
  [/^customXml\/item\d+\.xml$/, 'ブックに付けられた XML データ（customXml）'],
  [/^customXml\//, undefined],
];

/** One kind of thing a save would lose, and where (sheet names, when known). */
export interface Loss {
  kind: string;
  count: number;
  sheets: string[];
}

const isRels = (name: string) => /(^|\/)_rels\/[^/]*\.rels$/.test(name);

/** Whether exceljs writes this part (or what it holds) back on save. */
export function keptByExceljs(name: string): boolean {
  return KEPT.some((re) => re.test(name));
}

/**
 * The kind a dropped part is counted under (undefined: it goes with another counted part, is rebuilt by Excel, or is
 * a relationship file that belongs to its part).
 */
export function lostKind(name: string): string | undefined {
  if (keptByExceljs(name) || isRels(name) || REBUILT.some((re) => re.test(name))) return undefined;
  for (const [re, kind] of KINDS) if (re.test(name)) return kind;
  return `その他の部分（${name}）`;
}

/**
 * Inside a worksheet part, what exceljs reads past and so does not write back (its reader knows no sparklines, and of
 * a sheet's extension list only x14 conditional formats): found by these start tags while the part is inflated.
 */
export const SHEET_MARKERS: [string, string][] = [
  ['<x14:sparklineGroup ', 'スパークライン'],
  ['<x14:dataValidation ', '別のシートを参照する入力規則'],
];

/** Shapes, text boxes and connectors in a drawing part: exceljs writes a drawing's pictures only. */
export function drawingShapes(xml: string): number {
  // Anchors hold one object each: a picture (kept), a chart frame (counted with its chart part) or a shape.
  return (xml.match(/<(?:\w+:)?(?:sp|grpSp|cxnSp)\b/g) ?? []).length - nestedShapes(xml);
}

/** Shapes inside a group count with the group. */
function nestedShapes(xml: string): number {
  let nested = 0;
  for (const group of xml.match(/<(?:\w+:)?grpSp\b[\s\S]*?<\/(?:\w+:)?grpSp>/g) ?? [])
    nested += (group.slice(1).match(/<(?:\w+:)?(?:sp|grpSp|cxnSp)\b/g) ?? []).length;
  return nested;
}

/** Form controls and other non-note shapes in a notes VML part (exceljs writes the notes' own VML only). */
export function vmlControls(xml: string): number {
  return (xml.match(/<x:ClientData\s+ObjectType="(?!Note")[^"]*"/g) ?? []).length;
}

/** Adds one lost item, found in `sheet` when known. */
export function addLoss(losses: Map<string, Loss>, kind: string, sheet: string | undefined, count = 1): void {
  const loss = losses.get(kind) ?? { kind, count: 0, sheets: [] };
  loss.count += count;
  if (sheet !== undefined && !loss.sheets.includes(sheet)) loss.sheets.push(sheet);
  losses.set(kind, loss);
}

/** The refusal of a save over the file these losses were found in, naming them and suggesting --out. */
export function lossMessage(file: string, losses: Loss[]): string {
  const items = losses.map((l) => `${l.kind} ${l.count} 個${l.sheets.length ? `（${l.sheets.map((s) => `シート「${s}」`).join('・')}）` : ''}`);
  return `${file} には shinchoku が保存できない部分があります: ${items.join('、')}。上書きすると失われるため保存しません。--out で別のファイルに保存してください`;
}
