/**
 * A department tab (one per 報告部門): a submission line, then one row per indicator with, per fiscal year,
 * its 予定 (read-only copy of the master), an editable 実績, コメント, 要因 and 今後の方向性 (a list). Tabs made before
 * 要因・今後の方向性 existed read without them, and setup adds the two columns keeping every entry.
 */
import { CAUSE_HELP, DIRECTIONS, DIRECTION_HELP } from '../direction';
import { versionCovers } from '../indicator-versions';
import { indicatorKey, type Finding, type Indicator, type SourceCell } from '../model';
import { formatFiscalYear, splitFiscalYearPrefix } from '../parse/fiscal-year';
import { a1, isBlank, maxOf, numberFormatAt, type CarryBlock, type CellRange, type Scalar, type SheetData, type SheetEditors, type SheetOutput } from '../workbook';
import { EMPTY_NO, cellAt, cellText, findHeaderRow, headerKey, planNo, textAt, type FieldSpec } from './table';

export const SUBMITTED = '提出済';
export const NOT_SUBMITTED = '未提出';
const META = { dept: '部門', status: '提出状況', date: '提出日' } as const;
const HEADER_ROW = 3;
const FIELDS: FieldSpec[] = [
  { header: 'No.', aliases: ['No', '番号'], required: true },
  { header: 'アクションプラン' },
  { header: '指標名', aliases: ['指標', '評価指標'], required: true },
  { header: '単位' },
];
const KIND = { target: '予定', actual: '実績', comment: 'コメント', cause: '要因', direction: '今後の方向性' } as const;
type Kind = keyof typeof KIND;
const KINDS = Object.keys(KIND) as Kind[];
/** The width (characters) of every column but No. */
const COLUMN_WIDTH = 20;
/** Other spellings of a year column's kind, accepted when reading. */
const KIND_ALIASES: Partial<Record<Kind, string[]>> = { direction: ['方向性'] };
/** The entry columns of a year, in their order after its 予定. */
const ENTRY_KINDS: readonly Kind[] = ['actual', 'comment', 'cause', 'direction'];

export const ENTRY_HELP =
  '数値と単位で入力します（例: 1,730件、30.7%、▲16.7%）。まだ測っていなければ「未測定」、対象外なら「-」。';
/** An 実績 is a figure and its unit; anything longer belongs in コメント (the entry is kept, with a warning). */
export const ENTRY_MAX_LENGTH = 200;
const INSTRUCTIONS =
  '各年度の「実績」に数値と単位を、「コメント」に補足を入力してください。評価が低いときは「要因」を書き、「今後の方向性」を一覧から選んでください。予定は計画マスタの写しです（編集できません）。入力が終わったら提出状況を「提出済」にしてください。';

export interface DeptRow {
  no: number;
  name: string;
  actionPlan: string;
  unit: string;
  row: number;
  targets: Map<number, SourceCell>;
  actuals: Map<number, SourceCell>;
  comments: Map<number, SourceCell>;
  /** 要因 and 今後の方向性 per year; empty maps for a tab made before these columns. */
  causes: Map<number, SourceCell>;
  directions: Map<number, SourceCell>;
}

export interface DeptTab {
  sheet: string;
  submitted: boolean;
  /** The 提出日 cell as written ('' when empty). */
  submittedAt: Scalar;
  /** A1 of the 提出状況 value cell, '' when the tab has none. */
  statusCell: string;
  /** A1 of the 提出日 value cell, '' when the tab has none. */
  dateCell: string;
  /** Columns below the header that hold something this layout does not read (setup would lose them). */
  unknownColumns: { col: number; header: string }[];
  headerRow: number;
  /** Where each column the layout reads sits: `No.`, `指標名`… and `2020:actual`-style keys (columnKey). */
  columns?: Map<string, number>;
  years: number[];
  rows: DeptRow[];
  findings: Finding[];
}

/** The key of a year column in DeptTab.columns. */
function columnKey(fy: number, kind: Kind): string {
  return `${fy}:${kind}`;
}

export function columnHeader(fy: number, kind: Kind): string {
  return `${formatFiscalYear(fy)} ${KIND[kind]}`;
}

/** Reads a department tab; null when the sheet has no indicator table (so it is not a department tab). */
export function readDeptTab(sheet: SheetData, period: { firstYear: number; lastYear: number }): DeptTab | null {
  const v = sheet.values;
  const header = findHeaderRow(v, FIELDS, 30, 2);
  if (!header || header.missing.length) return null;
  const findings: Finding[] = [];
  const f = (severity: Finding['severity'], code: string, cell: string, indicator: string, message: string) =>
    findings.push({ severity, code, sheet: sheet.name, cell, indicator, message });

  const cols: Record<Kind, Map<number, number>> = { target: new Map(), actual: new Map(), comment: new Map(), cause: new Map(), direction: new Map() };
  for (const { text, col } of header.all) {
    const split = splitFiscalYearPrefix(text);
    if (!split) continue;
    const kind = KINDS.find((k) => [KIND[k], ...(KIND_ALIASES[k] ?? [])].some((h) => headerKey(h) === headerKey(split.rest)));
    if (!kind) continue;
    if (split.fy < period.firstYear || split.fy > period.lastYear) {
      f('warning', 'year-out-of-period', a1(header.row, col), '', `「${text}」は計画期間（${period.firstYear}〜${period.lastYear}年度）の外の年度です。集計に使いません`);
      continue;
    }
    if (cols[kind].has(split.fy)) {
      f('error', 'duplicate-year-column', a1(header.row, col), '', `「${text}」と同じ年度の${KIND[kind]}の列が2つあります。左の列を使い、この列は集計に使いません`);
      continue;
    }
    cols[kind].set(split.fy, col);
  }
  if (cols.actual.size === 0) return null;

  // The submission line sits above the table: a label cell followed by its value.
  let statusCell = '';
  let submitted = false;
  let submittedAt: Scalar = '';
  let dateCell = '';
  for (let r = 1; r < header.row; r++) {
    (v[r - 1] ?? []).forEach((cell, c) => {
      const key = headerKey(cell);
      if (key === headerKey(META.status)) {
        statusCell = a1(r, c + 2);
        const status = textAt(v, r, c + 2);
        submitted = status === SUBMITTED;
        if (status && status !== SUBMITTED && status !== NOT_SUBMITTED)
          f('warning', 'bad-submission-status', statusCell, '', `提出状況「${status}」は「${SUBMITTED}」「${NOT_SUBMITTED}」のどちらでもありません。未提出として扱います`);
      } else if (key === headerKey(META.date)) {
        submittedAt = cellAt(v, r, c + 2);
        dateCell = a1(r, c + 2);
      }
    });
  }

  const col = (h: string) => header.cols.get(h);
  const rows: DeptRow[] = [];
  for (let r = header.row + 1; r <= v.length; r++) {
    const noRaw = cellAt(v, r, col('No.'));
    const name = textAt(v, r, col('指標名'));
    const { text: noText, no } = planNo(noRaw);
    const cells = (kind: Kind) => {
      const m = new Map<number, SourceCell>();
      for (const [fy, c] of cols[kind]) {
        const value = cellAt(v, r, c);
        // The tab's 予定 is a copy compared as text, so only entries need their format (reading one may cost a call).
        const format = kind === 'target' ? '' : numberFormatAt(sheet, r, c);
        m.set(fy, { value, format, sheet: sheet.name, row: r, col: c });
      }
      return m;
    };
    if (!noText && !name) {
      const stray = ENTRY_KINDS.flatMap((k) => [...cells(k).values()]).find((x) => !isBlank(x.value));
      if (stray) f('error', 'entry-without-indicator', a1(stray.row, stray.col), '', 'No.と指標名のない行に入力があります。集計に使えません');
      continue;
    }
    if (!Number.isInteger(no) || no <= 0) {
      f('error', 'bad-no', a1(r, col('No.')!), name, noText ? `No.「${cellText(noRaw)}」は正の整数ではありません。この行は集計に使いません` : EMPTY_NO);
      continue;
    }
    rows.push({
      no, name, row: r, actionPlan: textAt(v, r, col('アクションプラン')), unit: textAt(v, r, col('単位')),
      targets: cells('target'), actuals: cells('actual'), comments: cells('comment'), causes: cells('cause'), directions: cells('direction'),
    });
  }
  const years = [...cols.actual.keys()].sort((a, b) => a - b);
  // Columns below the header that hold something but are not ones this layout reads (a renamed or duplicated
  // year column, a column someone added): setup must not rewrite the tab over them.
  const known = new Set([...header.cols.values(), ...KINDS.flatMap((k) => [...cols[k].values()])]);
  const unknownColumns: { col: number; header: string }[] = [];
  const width = maxOf(v.slice(header.row).map((line) => line.length));
  for (let c = 1; c <= width; c++) {
    if (known.has(c)) continue;
    if (v.slice(header.row).some((line) => !isBlank(line[c - 1] ?? ''))) unknownColumns.push({ col: c, header: textAt(v, header.row, c) });
  }
  const columns = new Map(header.cols);
  for (const kind of KINDS) for (const [fy, c] of cols[kind]) columns.set(columnKey(fy, kind), c);
  return { sheet: sheet.name, unknownColumns, submitted, submittedAt, statusCell, dateCell, headerRow: header.row, columns, years, rows, findings };
}

interface TabLine {
  ind: Pick<Indicator, 'no' | 'name' | 'actionPlan' | 'unit' | 'version'>;
  targets: Map<number, Scalar>;
  kept?: DeptRow;
  orphan: boolean;
}

export interface DeptTabOptions {
  /** Years closed with 年度確定: their entry cells are not editable. */
  closedYears?: readonly number[];
  /** Who may edit the tab and its entry cells (Sheets). */
  editors?: SheetEditors;
}

/**
 * The tab for one department, built from its master indicators; entries, comments and the submission line of
 * `existing` are carried over, and rows the master no longer assigns to this department stay at the bottom.
 */
export function deptTabSheet(dept: string, indicators: Indicator[], years: number[], existing?: DeptTab, options: DeptTabOptions = {}): SheetOutput {
  const keptByKey = new Map((existing?.rows ?? []).map((r) => [indicatorKey(r.no, r.name), r]));
  const lines: TabLine[] = indicators.map((ind) => {
    const key = indicatorKey(ind.no, ind.name);
    const kept = keptByKey.get(key);
    keptByKey.delete(key);
    return { ind, targets: new Map([...ind.targets].map(([fy, c]) => [fy, c.value])), kept, orphan: false };
  });
  for (const kept of keptByKey.values()) {
    const hasEntry = entryMaps(kept).some((m) => [...m.values()].some((c) => !isBlank(c.value)));
    if (hasEntry) lines.push({ ind: kept, targets: new Map([...kept.targets].map(([fy, c]) => [fy, c.value])), kept, orphan: true });
  }
  // Keep every year that already holds an entry, even if the plan period has moved.
  const allYears = [...new Set([...years, ...(existing?.years ?? []).filter((fy) => lines.some((l) => hasEntryIn(l.kept, fy)))])].sort((a, b) => a - b);

  const fixed = FIELDS.map((x) => x.header);
  const header: Scalar[] = [...fixed];
  for (const fy of allYears) header.push(...KINDS.map((k) => columnHeader(fy, k)));
  const width = header.length;
  const fyCol = (i: number, kind: Kind) => fixed.length + 1 + i * KINDS.length + KINDS.indexOf(kind);

  const values: Scalar[][] = [
    [META.dept, dept, META.status, existing?.submitted ? SUBMITTED : NOT_SUBMITTED, META.date, existing?.submittedAt ?? ''],
    [INSTRUCTIONS],
    header,
  ];
  const numberFormats: SheetOutput['numberFormats'] = [];
  const notes: NonNullable<SheetOutput['notes']> = [];
  lines.forEach((line, i) => {
    const r = HEADER_ROW + 1 + i;
    const row: Scalar[] = [line.ind.no, line.ind.actionPlan, line.ind.name, line.ind.unit];
    allYears.forEach((fy, y) => {
      const actual = line.kept?.actuals.get(fy);
      row.push(line.targets.get(fy) ?? '', ...(line.kept ? entryMaps(line.kept) : []).map((m) => m.get(fy)?.value ?? ''));
      while (row.length < fyCol(y, 'direction')) row.push('');
      // A kept number keeps its number format, so 0.307 typed as 30.7% still reads as 30.7%.
      if (actual && !isBlank(actual.value) && actual.format && actual.format !== '@')
        numberFormats.push({ range: { row: r, col: fyCol(y, 'actual'), numRows: 1, numCols: 1 }, format: actual.format });
    });
    values.push(row);
    if (line.orphan) notes.push({ row: r, col: 1, text: '計画マスタでこの部門の指標ではなくなりました。入力は残しています。' });
  });

  const n = lines.length;
  const closed = new Set(options.closedYears ?? []);
  // Entry cells of open years only: a closed year's figures are published and must not move.
  // Each year's 実績, コメント, 要因 and 今後の方向性 columns; text in every year, editable in open ones.
  const entryBlocks = n ? allYears.map((fy, y) => ({ fy, range: { row: HEADER_ROW + 1, col: fyCol(y, 'actual'), numRows: n, numCols: ENTRY_KINDS.length } })) : [];
  const openBlocks = entryBlocks.filter((b) => !closed.has(b.fy));
  // A version's years outside its 適用年度 stay read-only (indicator-versions.ts): one range per run of rows in force.
  const entryRanges: CellRange[] = openBlocks.flatMap((b) => rowRuns(lines.map((l) => versionCovers(l.ind.version, b.fy))).map(([from, count]) => ({ ...b.range, row: HEADER_ROW + 1 + from, numRows: count })));
  const openCols = openBlocks.map((b) => b.range.col);
  const column = (col: number) => ({ row: HEADER_ROW + 1, col, numRows: n, numCols: 1 });
  const KIND_OFFSET = (kind: Kind) => ENTRY_KINDS.indexOf(kind);
  const textFormats = entryBlocks.map(({ range }) => ({ range, format: '@' }));
  return {
    name: dept,
    values,
    numberFormats: [...textFormats, ...numberFormats],
    styles: [
      { range: { row: 1, col: 1, numRows: 1, numCols: 1 }, style: 'header' },
      { range: { row: 1, col: 3, numRows: 1, numCols: 1 }, style: 'header' },
      { range: { row: 1, col: 5, numRows: 1, numCols: 1 }, style: 'header' },
      { range: { row: HEADER_ROW, col: 1, numRows: 1, numCols: width }, style: 'header' },
      ...(n ? [{ range: { row: HEADER_ROW + 1, col: 1, numRows: n, numCols: width }, style: 'readonly' as const }] : []),
      ...entryRanges.map((range) => ({ range, style: 'editable' as const })),
      { range: { row: 1, col: 4, numRows: 1, numCols: 1 }, style: 'editable' },
      { range: { row: 1, col: 6, numRows: 1, numCols: 1 }, style: 'editable' },
    ],
    editableRanges: [{ row: 1, col: 4, numRows: 1, numCols: 1 }, { row: 1, col: 6, numRows: 1, numCols: 1 }, ...entryRanges],
    listValidations: [
      { range: { row: 1, col: 4, numRows: 1, numCols: 1 }, values: [NOT_SUBMITTED, SUBMITTED], helpText: '入力が終わったら「提出済」にしてください' },
      ...(n ? openCols.map((col) => ({ range: column(col + KIND_OFFSET('direction')), values: [...DIRECTIONS], helpText: DIRECTION_HELP })) : []),
    ],
    helpTexts: [
      ...openCols.map((col) => ({ range: column(col), text: ENTRY_HELP, maxLength: ENTRY_MAX_LENGTH })),
      ...(n ? openCols.map((col) => ({ range: column(col + KIND_OFFSET('cause')), text: CAUSE_HELP })) : []),
    ],
    notes,
    ...(existing?.columns ? { carry: carryBlocks(existing, lines, allYears, width, fyCol) } : {}),
    frozenRows: HEADER_ROW,
    // One run of widths: Sheets sets one width per run of columns (setColumnWidths), and a new tab of a five-year plan
    // (29 columns) already spends a call growing past Sheets' 26 columns, so every column but No. (default width)
    // shares one width: one call per tab.
    columnWidths: [0, ...fixed.slice(1).map(() => COLUMN_WIDTH), ...allYears.flatMap(() => KINDS.map(() => COLUMN_WIDTH))],
    ...(options.editors ? { editors: options.editors } : {}),
  };
}

/**
 * Where the old tab's cells went (SheetOutput.carry): the submission lines above the table stay put, the header and
 * each kept indicator's row go to their new rows, each column the layout reads to its new column (year columns shift
 * when the period moves). Entry cells keep their formulas.
 */
function carryBlocks(existing: DeptTab, lines: TabLine[], years: number[], width: number, fyCol: (i: number, kind: Kind) => number): CarryBlock[] {
  const old = existing.columns!;
  const cols: [number, number][] = [];
  const formulaCols: number[] = [];
  FIELDS.forEach((f, i) => {
    const from = old.get(f.header);
    if (from !== undefined) cols.push([from, i + 1]);
  });
  years.forEach((fy, y) =>
    KINDS.forEach((kind) => {
      const from = old.get(columnKey(fy, kind));
      if (from === undefined) return;
      cols.push([from, fyCol(y, kind)]);
      if (kind !== 'target') formulaCols.push(fyCol(y, kind));
    }),
  );
  const rows: [number, number][] = [];
  lines.forEach((line, i) => {
    if (line.kept && line.kept.row > 0) rows.push([line.kept.row, HEADER_ROW + 1 + i]);
  });
  const above = Math.min(existing.headerRow, HEADER_ROW) - 1;
  const topRows = Array.from({ length: above }, (_, i): [number, number] => [i + 1, i + 1]);
  const topCols = Array.from({ length: Math.max(width, 6) }, (_, i): [number, number] => [i + 1, i + 1]);
  return [
    ...(topRows.length ? [{ rows: topRows, cols: topCols }] : []),
    { rows: [[existing.headerRow, HEADER_ROW]], cols, widths: true },
    ...(rows.length ? [{ rows, cols, formulaCols }] : []),
  ];
}

/** Runs of consecutive true values as [first index, length]. */
function rowRuns(flags: readonly boolean[]): [number, number][] {
  const runs: [number, number][] = [];
  flags.forEach((on, i) => {
    if (!on) return;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === i) last[1]++;
    else runs.push([i, 1]);
  });
  return runs;
}

function hasEntryIn(row: DeptRow | undefined, fy: number): boolean {
  if (!row) return false;
  return entryMaps(row).some((m) => !isBlank(m.get(fy)?.value));
}

/** A row's entry cells per kind, in the order of ENTRY_KINDS. */
function entryMaps(row: DeptRow): Map<number, SourceCell>[] {
  return [row.actuals, row.comments, row.causes ?? new Map(), row.directions ?? new Map()];
}

