/**
 * The stamp every department file carries (issue 16, 照会 → 回答 → 集約): which plan, department and fiscal year it
 * is for, a fingerprint of what 計画マスタ said for that department, when and by whom it was issued, the entries as
 * they were at issue, and a check of every other cell of the department's sheet.
 *
 * Where: a sheet 「配布情報」 of plain text cells, very hidden (Excel's veryHidden: no 再表示 menu offers it).
 * Excel and LibreOffice keep a hidden sheet and its text cells on every save (LibreOffice turns veryHidden into
 * hidden; test/node/split-collect.test.ts round-trips a file through soffice), where a custom document property or a
 * defined name is dropped or rewritten by some programs. Text only: nothing in it is read as a number or a date.
 *
 * The entries at issue are kept as text (entryText), not as hashes: collect compares them with the file and with the
 * book exactly, so it knows which side changed a cell (the department, the book meanwhile, or both: a conflict).
 * Every other cell is kept as a 4-character hash per cell (lock.ts's 照合値 idea, without the row keys: these cells
 * are compared by position), enough to list the cells someone changed outside the entry area.
 */
import { fingerprint, fnv1a } from '../fingerprint';
import { cellText, textAt } from '../layout/table';
import { isActive } from '../layout/master';
import type { Indicator } from '../model';
import type { Field } from '../sidebar/types';
import { a1, maxOf, type Scalar, type SheetData, type SheetOutput } from '../workbook';

export const STAMP_SHEET = '配布情報';
/** The first value of the stamp: what the file is, and the layout version of this sheet. */
export const STAMP_KIND = '進捗 部門ファイル v1';

/** The cells a person edits per indicator and year: the sidebar's fields, the same four. */
export type EntryField = Field;
export const ENTRY_FIELDS: readonly EntryField[] = ['actual', 'comment', 'cause', 'direction'];
export const ENTRY_FIELD_LABELS: Readonly<Record<EntryField, string>> = { actual: '実績', comment: 'コメント', cause: '要因', direction: '今後の方向性' };

/** An entry of the year as it was at issue (only non-empty ones are kept: a missing one was empty). */
export interface IssuedEntry {
  no: number;
  name: string;
  field: EntryField;
  text: string;
}

export interface Stamp {
  plan: string;
  dept: string;
  fiscalYear: number;
  /** masterFingerprint of the department's indicators at issue. */
  master: string;
  /** The actor's calendar time, as 変更履歴 writes it. */
  issuedAt: string;
  issuedBy: string;
  entries: IssuedEntry[];
  /** Per row of the department's sheet at issue: a hash per cell (CELL_CHARS each), EDITABLE for an entry cell. */
  area: string[];
}

const CELL_CHARS = 4;
/** An entry cell in `area`: not compared there (the entries are). */
const EDITABLE = '....';
const LABEL = { kind: '種類', plan: '計画名', dept: '部門', year: '年度', master: '計画マスタの指紋', at: '発行日時', by: '発行者', entry: '発行時の入力', area: '照合' } as const;
const NOTE = 'このシートは回収（shinchoku collect）に使います。変更しないでください。';

const hash = (text: string) => (fnv1a(text) % 36 ** CELL_CHARS).toString(36).padStart(CELL_CHARS, '0');
/** The hash of an empty cell (a function: no work at module load, the Apps Script bundle evaluates every module). */
const emptyHash = () => hash('');

/**
 * What matters of 計画マスタ for a department's file: its active indicators with what its sheet shows of them. A
 * change of any of these since issue means the file's rows or 予定 are not the book's any more.
 */
export function masterFingerprint(indicators: readonly Indicator[], dept: string): string {
  return fingerprint(
    indicators.filter((i) => isActive(i) && i.reportingDept === dept).map((i) => [
      i.no, i.name, i.actionPlan, i.unit, [...i.targets].sort(([a], [b]) => a - b).map(([fy, c]) => [fy, cellText(c.value)]),
      // 適用年度 decides which of the file's cells are editable; absent (old masters) the fingerprint is as before.
      ...(i.version ? [[i.version.from, i.version.to]] : []),
    ]),
  );
}

/** The check of a sheet's cells: per row, a hash per cell; cells in `editable` (`row,col`) are left out. */
export function areaCheck(values: readonly Scalar[][], editable: ReadonlySet<string>): string[] {
  const width = maxOf(values.map((r) => r.length));
  return values.map((line, r) => {
    let s = '';
    for (let c = 0; c < width; c++) s += editable.has(`${r + 1},${c + 1}`) ? EDITABLE : hash(cellText(line[c] ?? ''));
    // Trailing empty cells are left out: a row reads as empty past its end.
    const empty = emptyHash();
    while (s.endsWith(empty)) s = s.slice(0, -CELL_CHARS);
    return s;
  });
}

/** The cells (A1, in row order) of a sheet that differ from the check; entry cells are not compared. */
export function areaChanges(area: readonly string[], sheet: SheetData): string[] {
  const changed: string[] = [];
  const rows = Math.max(area.length, sheet.values.length);
  for (let r = 1; r <= rows; r++) {
    const line = sheet.values[r - 1] ?? [];
    const stored = area[r - 1] ?? '';
    const width = Math.max(line.length, stored.length / CELL_CHARS);
    for (let c = 1; c <= width; c++) {
      const was = stored.slice((c - 1) * CELL_CHARS, c * CELL_CHARS) || emptyHash();
      if (was === EDITABLE) continue;
      if (hash(cellText(line[c - 1] ?? '')) !== was) changed.push(a1(r, c));
    }
  }
  return changed;
}

/** The stamp as a sheet: very hidden, locked, every cell text. */
export function stampSheet(stamp: Stamp): SheetOutput {
  const values: Scalar[][] = [
    [LABEL.kind, STAMP_KIND],
    [LABEL.plan, stamp.plan],
    [LABEL.dept, stamp.dept],
    [LABEL.year, String(stamp.fiscalYear)],
    [LABEL.master, stamp.master],
    [LABEL.at, stamp.issuedAt],
    [LABEL.by, stamp.issuedBy],
    [NOTE],
    ...stamp.entries.map((e) => [LABEL.entry, String(e.no), e.name, ENTRY_FIELD_LABELS[e.field], e.text]),
    ...stamp.area.map((s, i) => [LABEL.area, String(i + 1), s]),
  ];
  const width = maxOf(values.map((r) => r.length));
  return {
    name: STAMP_SHEET,
    values,
    numberFormats: [{ range: { row: 1, col: 1, numRows: values.length, numCols: width }, format: '@' }],
    readOnly: true,
    hidden: true,
    veryHidden: true,
  };
}

export type StampReading = { stamp: Stamp; problem: '' } | { stamp: null; problem: string };

/** Reads a file's stamp; a missing or damaged one is a problem in Japanese (the file is not imported). */
export function readStamp(sheet: SheetData | undefined): StampReading {
  const bad = (why: string): StampReading => ({ stamp: null, problem: why });
  if (!sheet) return bad(`「${STAMP_SHEET}」シートがありません。shinchoku split（部門ファイルの作成）で作ったファイルではないか、シートが削除されています`);
  const v = sheet.values;
  const value = (label: string) => {
    const r = v.findIndex((line) => cellText(line[0] ?? '') === label);
    return r < 0 ? undefined : textAt(v, r + 1, 2);
  };
  if (value(LABEL.kind) !== STAMP_KIND) return bad(`「${STAMP_SHEET}」シートの${LABEL.kind}が「${STAMP_KIND}」ではありません。このファイルは読めません`);
  const fields = { plan: value(LABEL.plan), dept: value(LABEL.dept), year: value(LABEL.year), master: value(LABEL.master), at: value(LABEL.at), by: value(LABEL.by) };
  const missing = Object.entries(fields).filter(([, x]) => x === undefined).map(([k]) => LABEL[k as keyof typeof fields]);
  if (missing.length) return bad(`「${STAMP_SHEET}」シートに${missing.join('・')}がありません。ファイルが壊れています`);
  const fiscalYear = Number(fields.year);
  if (!Number.isInteger(fiscalYear)) return bad(`「${STAMP_SHEET}」シートの${LABEL.year}「${fields.year}」が読めません。ファイルが壊れています`);
  const labelToField = new Map(ENTRY_FIELDS.map((f) => [ENTRY_FIELD_LABELS[f], f]));
  const entries: IssuedEntry[] = [];
  const area: string[] = [];
  for (let r = 1; r <= v.length; r++) {
    const kind = textAt(v, r, 1);
    if (kind === LABEL.entry) {
      const field = labelToField.get(textAt(v, r, 4));
      const no = Number(textAt(v, r, 2));
      if (!field || !Number.isInteger(no)) return bad(`「${STAMP_SHEET}」シートの${a1(r, 1)}の行が読めません。ファイルが壊れています`);
      entries.push({ no, name: textAt(v, r, 3), field, text: cellText(v[r - 1]?.[4] ?? '') });
    } else if (kind === LABEL.area) {
      const row = Number(textAt(v, r, 2));
      if (!Number.isInteger(row) || row < 1) return bad(`「${STAMP_SHEET}」シートの${a1(r, 1)}の行が読めません。ファイルが壊れています`);
      area[row - 1] = textAt(v, r, 3);
    }
  }
  for (let i = 0; i < area.length; i++) area[i] ??= '';
  return {
    stamp: { plan: fields.plan!, dept: fields.dept!, fiscalYear, master: fields.master!, issuedAt: fields.at!, issuedBy: fields.by!, entries, area },
    problem: '',
  };
}
