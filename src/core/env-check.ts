/**
 * 環境チェック: facts about Google Sheets the add-in relies on that no public source confirms, tried live by
 * src/gas/env-check.ts on a temporary sheet (docs/environment-check.md lists each one with its source).
 * This module holds what is tried (ENV_PROBES) and the shape of what the shell saw; env-check-rows.ts turns that into
 * rows of 項目 / 結果 / 詳細 / 対処. The shell only observes, so every judgement is testable without Google.
 */
import { emailList, readSettings } from './layout/settings';
import { cellText } from './layout/table';
import { a1, type SheetData } from './workbook';

export type Verdict = 'ok' | 'check' | 'info';

export const VERDICT_LABELS: Record<Verdict, string> = { ok: 'OK', check: '要確認', info: '情報' };

export interface EnvRow {
  item: string;
  verdict: Verdict;
  /** What was seen. */
  detail: string;
  /** What to do ('' when nothing). */
  action: string;
}

/** A cell value as the script read it; a Date is handed over as its ISO instant. */
export type SeenValue = string | number | boolean | { date: string };

/** What a probe saw, or the message of what it threw. A probe that did not run is absent. */
export type Probe<T> = { seen: T } | { error: string };

/** One written cell read back. */
export interface CellSeen {
  /** The text meant to be stored (the probe may write it with a quote prefix). */
  written: string;
  value: SeenValue;
  formula: string;
  /** As the add-in reads it: '' for the format of a cell nobody formatted. */
  format: string;
  display: string;
  /** `=TYPE(cell)` next to it, when the probe asks: 1 number, 2 text, 4 boolean, 16 error. */
  type?: SeenValue;
}

/** An address of 設定 and where it is written. */
export interface ListedAddress {
  email: string;
  /** The cells of 設定 that hold it (A1, joined with ・ when several). */
  cell: string;
  role: 'coordinator' | 'entry';
}

export interface IdentitySeen {
  active: string;
  effective: string;
}
export interface ZonesSeen {
  spreadsheet: string;
  script: string;
}
export interface DateSeen {
  cell: CellSeen;
  /** yyyy-MM-dd ('' when the cell held no date): as the add-in reads a date cell, in the script's zone, by V8's own clock. */
  asRead: string;
  /** The expected date written as the add-in writes dates (a serial), read back as the add-in reads it. */
  writtenBack: string;
  inScriptZone: string;
  localClock: string;
  scriptZone: string;
}
export interface ProtectionSeen {
  /** 設定's addresses, given to addEditors at once and, when that threw (`batchError`), to addEditor one at a time. */
  tried: string[];
  batchError: string;
  refused: { email: string; message: string }[];
  /** The protection's editors afterwards. */
  editorsAfter: string[];
}
export interface RangeListSeen {
  /** The A1 notations given to Sheet.getRangeList, and each returned range's getA1Notation(), in the order returned. */
  asked: string[];
  got: string[];
}
export interface NewProtectionSeen {
  /** Spreadsheet.getEditors(), read just before the protection was made. */
  file: string[];
  /** A new range protection's getEditors() before any editor call. */
  fresh: string[];
  /** Its getEditors() after its first editor call (adding the script's user, as Google's sample does first). */
  afterFirstChange: string[];
  /** The script's user (Session.getEffectiveUser), who may be listed once added. */
  me: string;
}
export interface CustomFunctionSeen {
  formula: string;
  value: SeenValue;
  display: string;
  /** Reads made before the value settled or the probe gave up. */
  attempts: number;
}
export interface ValidationSeen {
  /** Whether the test rule was on the cell before Sheet.clear(), and after it. */
  before: boolean;
  after: boolean;
}
export interface ActivationSeen {
  before: string;
  /** The selection (A1, '' for none) before the check and once it put things back. */
  selectionBefore: string;
  temp: string;
  afterInsert: string;
  /** The active sheet once the check put things back. */
  restored: string;
  selectionRestored: string;
}
export interface FormatSeen {
  format: string;
  /** Whether the add-in reads it as no format (sheets-workbook.ts isAutomaticFormat). */
  readAsAutomatic: boolean;
}
export interface CleanupSeen {
  temp: string;
  /** A sheet left by an interrupted earlier check was removed first. */
  leftoverRemoved: boolean;
}

export interface EnvObservations {
  identity: Probe<IdentitySeen>;
  /** 設定's addresses; null when 設定 is missing or cannot be read. */
  listed: ListedAddress[] | null;
  zones?: Probe<ZonesSeen>;
  date?: Probe<DateSeen>;
  /** Written one cell at a time after the text format (the sidebar's saves), and all at once (変更履歴). */
  plainText?: Probe<{ oneByOne: CellSeen[]; atOnce: CellSeen[] }>;
  quoteInPlainText?: Probe<CellSeen>;
  quoted?: Probe<CellSeen[]>;
  unquoted?: Probe<CellSeen[]>;
  percent?: Probe<CustomFunctionSeen>;
  protection?: Probe<ProtectionSeen>;
  newProtection?: Probe<NewProtectionSeen>;
  rangeList?: Probe<RangeListSeen>;
  untouchedFormat?: Probe<FormatSeen>;
  clear?: Probe<ValidationSeen>;
  activation?: Probe<ActivationSeen>;
  cleanup?: Probe<CleanupSeen>;
  /** Why the probes that are absent did not run. */
  skipped?: keyof typeof SKIPPED;
}

/** Why probes were left out, and what to do about it. */
export const SKIPPED = {
  noEmail: {
    reason: 'メールアドレスが分からないため、シートを使う確認はしていません',
    action: '上の「あなたのメールアドレス」を直してから、もう一度実行してください',
  },
} as const;

/** The name of the temporary sheet; a sheet of this name carrying PROBE_DESCRIPTION is a leftover of an interrupted check. */
export const TEMP_SHEET = '進捗_環境チェック（作業用）';
/** The description of the temporary sheet's protection (the add-in's own prefix, see src/gas/protection.ts). */
export const PROBE_DESCRIPTION = '進捗: 環境チェックの作業用シートです（終わると削除されます）';
/** Said when a sheet of TEMP_SHEET's name is someone's own: the check never deletes it. */
export const TEMP_SHEET_TAKEN = `「${TEMP_SHEET}」という名前のシートがあります。名前を変えるか削除してから、もう一度実行してください`;

/** What the probes write. */
export const ENV_PROBES = {
  /** Written into plain-text (`@`) cells: the formula-injection guard relies on them staying text (audit F5). */
  plainText: ['=1+1', '+1', '-1+1', '@x'],
  /** Written as the add-in writes text into cells that are not plain text (with the quote prefix, audit F4). */
  quoted: ['1e5', '#N/A', '2024年3月31日', '１２３', 'TRUE', '=1+1', "'abc"],
  /** Written raw, for information: what Sheets' typed-input parsing makes of them. */
  unquoted: ['1e5', '#N/A', '2024年3月31日', '１２３', 'TRUE', '+1+1', '-1+1', '@x'],
  /** Written into a plain-text cell: a person's entry that starts with a quote. */
  quoteInPlainText: "'abc",
  /** Typed into an automatic cell: a date as people type it. */
  typedDate: '2024/03/31',
  expectedDate: '2024-03-31',
  /** 30.7 % as Sheets stores it, and the custom function that reads it. */
  percent: { value: 0.307, format: '0.0%', formula: (ref: string) => `=JP_NUMBER(${ref})` },
  /**
   * Given to Sheet.getRangeList, unsorted and overlapping: SheetsWorkbook's rangesOf takes getRanges() to be in this
   * order, not sorted or merged.
   */
  rangeList: ['C3:D4', 'A1', 'B2:B5', 'A1:B2'],
  /** Custom functions run in executions of their own: the probe reads again, a second apart, this many times. */
  customFunctionReads: 5,
  customFunctionWaitMs: 1000,
} as const;

/** True once a custom function's cell holds its result (a number), not a placeholder such as `Loading...`. */
export function customFunctionSettled(v: SeenValue): boolean {
  return typeof v === 'number';
}

/** 設定's coordinators and 入力担当者, each once, with the cells that hold it; null when 設定 cannot be read. */
export function listedAddresses(sheet: SheetData | undefined): ListedAddress[] | null {
  const { settings } = readSettings(sheet);
  if (!settings || !sheet) return null;
  const cells = new Map<string, string[]>();
  sheet.values.forEach((row, r) =>
    row.forEach((v, c) => {
      for (const e of new Set(emailList(cellText(v)))) if (e.includes('@')) cells.set(e, [...(cells.get(e) ?? []), a1(r + 1, c + 1)]);
    }),
  );
  const out = new Map<string, ListedAddress>();
  const add = (email: string, role: ListedAddress['role']) => {
    if (!out.has(email)) out.set(email, { email, cell: (cells.get(email) ?? []).join('・'), role });
  };
  for (const e of settings.coordinators) add(e, 'coordinator');
  for (const emails of settings.editors.values()) for (const e of emails) add(e, 'entry');
  return [...out.values()];
}
