/** 設定: key/value rows (項目 | 値 | 説明), then the grade table (評価 | 名称 | 達成率の下限(%)). */
import { parseDeadline } from '../cycle/deadline';
import { readAutoRemind, REMINDER_ROWS } from '../cycle/reminder-rules';
import { DEFAULT_CAUSE_GRADE } from '../direction';
import { readMunicipalityCode } from '../export/municipality-code';
import { DEFAULT_SCALE_NAME, SCALE_PRESETS, scaleProblems } from '../grades';
import type { Finding, GradeBand, Settings } from '../model';
import { parseEntry } from '../parse/entry';
import { parseFiscalYear } from '../parse/fiscal-year';
import { a1, isBlank, numberFormatAt, type Scalar, type SheetData, type SheetOutput } from '../workbook';
import { CAUSE_GRADE_KEY } from './cause-setting';
import { OUTLOOK_ROWS } from './outlook-setting';
import { SHEET } from './sheet-names';
import { cellText, findHeaderRow, headerKey, textAt } from './table';

export const SETTING_KEYS = {
  title: '計画名',
  firstYear: '計画期間（開始年度）',
  lastYear: '計画期間（終了年度）',
  evaluationYear: '評価年度',
  scaleName: '評価基準',
  coordinatorDept: '調整部門',
  coordinators: '調整担当者メール',
  deadline: '提出期限',
} as const;

/**
 * Optional 設定 rows: init writes them (optionalRows), and a book without them reads as before (the step or
 * feature is not used, or its default applies).
 */
export const OPTIONAL_SETTING_KEYS = {
  /** 使う / 使わない: a department head confirms a submitted tab before the coordinators (cycle/). */
  headStep: '所属長確認',
  /** 6 digits with the check digit (export/municipality-code.ts): the first column of the open data (公表). */
  municipalityCode: '全国地方公共団体コード',
} as const;

/** Values of 所属長確認 that turn the step on; anything else (empty, 使わない) leaves it off. */
const YES = new Set(['使う', 'する', 'あり', '有', 'はい', 'yes', 'true', '○', '◯']);

const EDITOR_FIELDS = [
  { header: '部門', required: true },
  { header: '入力担当者メール', aliases: ['入力担当者', '編集者メール', '編集者'], required: true },
  { header: '所属長メール', aliases: ['所属長'] },
];

/** E-mail lists as people write them: commas (half or full width), 、 or spaces. */
export function emailList(text: string): string[] {
  return text.split(/[,，、;；\s]+/).map((e) => e.trim().toLowerCase()).filter(Boolean);
}

const GRADE_FIELDS = [
  { header: '評価', required: true },
  { header: '名称' },
  { header: '達成率の下限(%)', aliases: ['下限(%)', '達成率の下限', '下限'], required: true },
];

const HELP: Record<keyof typeof SETTING_KEYS, string> = {
  title: '達成状況の見出しに使います',
  firstYear: '例: 2019 / 令和元年度 / R1',
  lastYear: '例: 2023 / 令和5年度',
  evaluationYear: '集計・提出の対象になる年度',
  scaleName: `プリセット（${Object.keys(SCALE_PRESETS).join('・')}）。下の評価表があればそちらを使います`,
  coordinatorDept: '「全室課」の指標を報告する部門',
  coordinators: '集計・年度確定ができる人（カンマ区切り）',
  deadline: '各部門の提出期限',
};

export interface SettingsInput {
  title: string;
  firstYear: number;
  lastYear: number;
  evaluationYear: number;
  scaleName?: string;
  scale?: GradeBand[];
  coordinatorDept: string;
  coordinators?: string[];
  /** Per department, who may enter its figures (coordinators may always). */
  editors?: Record<string, string[]>;
  deadline?: string;
  /** 全国地方公共団体コード (6 digits); '' or absent: init leaves the row empty. */
  municipalityCode?: string;
}

export function settingsSheet(input: SettingsInput): SheetOutput {
  const scaleName = input.scaleName ?? DEFAULT_SCALE_NAME;
  const scale = input.scale ?? SCALE_PRESETS[scaleName] ?? SCALE_PRESETS[DEFAULT_SCALE_NAME];
  const values: Scalar[][] = [
    ['設定', '', ''],
    ['項目', '値', '説明'],
    [SETTING_KEYS.title, input.title, HELP.title],
    [SETTING_KEYS.firstYear, input.firstYear, HELP.firstYear],
    [SETTING_KEYS.lastYear, input.lastYear, HELP.lastYear],
    [SETTING_KEYS.evaluationYear, input.evaluationYear, HELP.evaluationYear],
    [SETTING_KEYS.scaleName, scaleName, HELP.scaleName],
    [SETTING_KEYS.coordinatorDept, input.coordinatorDept, HELP.coordinatorDept],
    [SETTING_KEYS.coordinators, (input.coordinators ?? []).join(', '), HELP.coordinators],
    [SETTING_KEYS.deadline, input.deadline ?? '', HELP.deadline],
    ['', '', ''],
    ['評価', '名称', '達成率の下限(%)'],
    ...scale.map((b) => [b.grade, b.label, b.min === null ? '' : Math.round(b.min * 1e6) / 1e4] as Scalar[]),
    ['', '', ''],
    // 所属長メール after 説明: column C stays the help column of the whole sheet.
    ['部門', '入力担当者メール', '説明', '所属長メール'],
    ...Object.entries(input.editors ?? {}).map(([dept, emails]) => [dept, emails.join(', '), '', ''] as Scalar[]),
  ];
  values.splice(10, 0, ...optionalRows(scale, input.municipalityCode ?? ''));
  const gradeHeader = values.findIndex((row) => row[0] === '評価') + 1;
  const editorHeader = gradeHeader + scale.length + 2;
  if (!Object.keys(input.editors ?? {}).length)
    values[editorHeader - 1][2] = 'この表の部門の実績は、ここに書いた人と調整担当者だけがサイドバーで保存できます（カンマ区切り）。所属長メールは「所属長確認」をする人で、督促メールのCCにもなります';
  return {
    name: SHEET.settings,
    values,
    position: 0,
    styles: [
      { range: { row: 1, col: 1, numRows: 1, numCols: 3 }, style: 'title' },
      { range: { row: 2, col: 1, numRows: 1, numCols: 3 }, style: 'header' },
      { range: { row: gradeHeader, col: 1, numRows: 1, numCols: 3 }, style: 'header' },
      { range: { row: editorHeader, col: 1, numRows: 1, numCols: 4 }, style: 'header' },
    ],
    columnWidths: [22, 36, 60, 36],
    frozenRows: 2,
  };
}

/** The cycle's optional rows, as init writes them (項目 | 値 | 説明). */
function optionalRows(scale: readonly GradeBand[], municipalityCode: string): Scalar[][] {
  const grades = scale.map((b) => b.grade);
  const causeGrade = grades.includes(DEFAULT_CAUSE_GRADE) ? DEFAULT_CAUSE_GRADE : grades[grades.length - 1] ?? '';
  return [
    [OPTIONAL_SETTING_KEYS.municipalityCode, municipalityCode, '6桁（5桁のコードと検査数字。例: 吹田市 272051）。オープンデータ出力の「団体コード」になります（総務省「全国地方公共団体コード」）'],
    [OPTIONAL_SETTING_KEYS.headStep, '使わない', '使う: 提出された部門シートを、調整担当者の前に所属長（下の表の所属長メール）が確認します'],
    [CAUSE_GRADE_KEY, causeGrade, 'この評価以下の指標（と基準値より悪い指標）は、要因を書かないと提出できません'],
    ...REMINDER_ROWS.map((r) => [...r]),
    ...OUTLOOK_ROWS.map((r) => [...r]),
  ];
}

function yearSetting(
  raw: Scalar,
  key: string,
  cell: string,
  findings: Finding[],
): number | null {
  if (isBlank(raw)) {
    findings.push(settingFinding('error', 'setting-missing', cell, `「${key}」が空です`));
    return null;
  }
  const { fy, findings: f } = parseFiscalYear(raw);
  for (const x of f) findings.push(settingFinding(x.severity, `setting-${x.code}`, cell, `「${key}」: ${x.message}`));
  if (fy === null && !f.some((x) => x.severity === 'error'))
    findings.push(settingFinding('error', 'setting-bad-year', cell, `「${key}」の「${cellText(raw)}」を年度として読めません`));
  return fy;
}

function settingFinding(severity: Finding['severity'], code: string, cell: string, message: string): Finding {
  return { severity, code, sheet: SHEET.settings, cell, indicator: '', message };
}

/** Reads 設定. Returns null settings when the plan period cannot be known (nothing else can run). */
export function readSettings(sheet: SheetData | undefined): { settings: Settings | null; findings: Finding[] } {
  const findings: Finding[] = [];
  if (!sheet) {
    findings.push(settingFinding('error', 'missing-sheet', '', `「${SHEET.settings}」シートがありません`));
    return { settings: null, findings };
  }
  const v = sheet.values;
  const rowOf = new Map<string, number>();
  v.forEach((row, r) => {
    const k = headerKey(row[0] ?? '');
    if (k && !rowOf.has(k)) rowOf.set(k, r + 1);
  });
  const lookup = (key: string): { raw: Scalar; cell: string } | null => {
    const r = rowOf.get(headerKey(key));
    return r === undefined ? null : { raw: v[r - 1]?.[1] ?? '', cell: a1(r, 2) };
  };
  const req = (key: string): { raw: Scalar; cell: string } => {
    const found = lookup(key);
    if (found) return found;
    findings.push(settingFinding('error', 'setting-row-missing', '', `「${key}」の行がありません（A列に項目名が必要です）`));
    return { raw: '', cell: '' };
  };

  const first = req(SETTING_KEYS.firstYear);
  const last = req(SETTING_KEYS.lastYear);
  const evalY = req(SETTING_KEYS.evaluationYear);
  const firstYear = first.cell ? yearSetting(first.raw, SETTING_KEYS.firstYear, first.cell, findings) : null;
  const lastYear = last.cell ? yearSetting(last.raw, SETTING_KEYS.lastYear, last.cell, findings) : null;
  let evaluationYear = evalY.cell ? yearSetting(evalY.raw, SETTING_KEYS.evaluationYear, evalY.cell, findings) : null;

  if (firstYear !== null && lastYear !== null && firstYear > lastYear)
    findings.push(settingFinding('error', 'bad-period', last.cell, `計画期間の終了年度（${lastYear}年度）が開始年度（${firstYear}年度）より前です`));
  if (firstYear !== null && lastYear !== null && evaluationYear !== null && (evaluationYear < firstYear || evaluationYear > lastYear))
    findings.push(settingFinding('error', 'year-out-of-period', evalY.cell, `評価年度（${evaluationYear}年度）が計画期間（${firstYear}〜${lastYear}年度）の外です`));
  if (evaluationYear === null && lastYear !== null) evaluationYear = lastYear;

  const scaleCell = lookup(SETTING_KEYS.scaleName);
  const scaleName = (scaleCell && String(scaleCell.raw).trim()) || DEFAULT_SCALE_NAME;
  const table = readGradeTable(sheet, findings);
  let scale = table;
  if (!scale) {
    scale = SCALE_PRESETS[scaleName] ?? null;
    if (!scale) {
      findings.push(
        settingFinding('error', 'unknown-scale', scaleCell?.cell ?? '', `評価基準「${scaleName}」はプリセットにありません（${Object.keys(SCALE_PRESETS).join('・')}）。評価表を置くか、プリセット名を指定してください。${DEFAULT_SCALE_NAME}で評価します`),
      );
      scale = SCALE_PRESETS[DEFAULT_SCALE_NAME];
    }
  }

  const text = (key: string): string => {
    const c = lookup(key);
    return c ? cellText(c.raw) : '';
  };
  if (firstYear === null || lastYear === null || evaluationYear === null || firstYear > lastYear) return { settings: null, findings };
  const emailCells = new Map<string, string[]>();
  const coordinatorCell = lookup(SETTING_KEYS.coordinators);
  const coordinators = emailList(text(SETTING_KEYS.coordinators));
  if (coordinatorCell) noteCells(emailCells, coordinators, coordinatorCell.cell);
  const autoRemind = readAutoRemind(v);
  findings.push(...autoRemind.findings);
  const deadline = text(SETTING_KEYS.deadline);
  const deadlineCell = lookup(SETTING_KEYS.deadline)?.cell ?? '';
  const parsedDeadline = parseDeadline(deadline, evaluationYear);
  // A warning, not an error: only 督促 needs the day, and nothing is computed from it.
  if (parsedDeadline.problem) findings.push(settingFinding('warning', 'setting-bad-deadline', deadlineCell, `${parsedDeadline.problem}。督促メールに期限を載せられません`));
  const codeCell = lookup(OPTIONAL_SETTING_KEYS.municipalityCode);
  const code = codeCell ? readMunicipalityCode(codeCell.raw, OPTIONAL_SETTING_KEYS.municipalityCode, codeCell.cell) : { code: '', findings: [] };
  findings.push(...code.findings);
  return {
    settings: {
      title: text(SETTING_KEYS.title),
      firstYear,
      lastYear,
      evaluationYear,
      scaleName: !table || sameScale(table, SCALE_PRESETS[scaleName]) ? scaleName : 'カスタム（評価表）',
      scale,
      coordinators,
      ...readEditorTable(v, emailCells),
      headStep: YES.has(text(OPTIONAL_SETTING_KEYS.headStep).trim().toLowerCase()),
      coordinatorDept: text(SETTING_KEYS.coordinatorDept),
      deadline,
      municipalityCode: code.code,
      deadlineDay: parsedDeadline.day,
      deadlineCell,
      autoRemind: autoRemind.autoRemind,
      emailCells,
    },
    findings,
  };
}

function noteCells(cells: Map<string, string[]>, emails: readonly string[], cell: string): void {
  for (const e of emails) {
    const list = cells.get(e) ?? [];
    if (!list.includes(cell)) list.push(cell);
    cells.set(e, list);
  }
}

/**
 * The 部門 | 入力担当者メール [| 所属長メール] table: department → e-mails (lower case) of its 入力担当者 and of its
 * 所属長; each address's cell goes to `cells`.
 */
function readEditorTable(v: Scalar[][], cells: Map<string, string[]>): { editors: Map<string, string[]>; heads: Map<string, string[]> } {
  const editors = new Map<string, string[]>();
  const heads = new Map<string, string[]>();
  const header = findHeaderRow(v, EDITOR_FIELDS, v.length, 2);
  if (!header || header.missing.length) return { editors, heads };
  const col = header.cols.get('入力担当者メール')!;
  const headCol = header.cols.get('所属長メール');
  const add = (map: Map<string, string[]>, dept: string, r: number, c: number) => {
    const emails = emailList(textAt(v, r, c));
    noteCells(cells, emails, a1(r, c));
    map.set(dept, [...(map.get(dept) ?? []), ...emails]);
  };
  for (let r = header.row + 1; r <= v.length; r++) {
    const dept = textAt(v, r, header.cols.get('部門'));
    if (!dept) continue;
    add(editors, dept, r, col);
    if (headCol) add(heads, dept, r, headCol);
  }
  return { editors, heads };
}

/**
 * Warnings for the addresses Google refused as protection editors (WorkbookPort.refusedEditors), one per 設定 cell
 * that holds the address: the job set everything else, and that person cannot edit until the address is fixed.
 */
export function refusedEditorFindings(settings: Settings, refused: readonly string[]): Finding[] {
  return [...new Set(refused.map((e) => e.toLowerCase()))].flatMap((email) => {
    const cells = settings.emailCells?.get(email) ?? [''];
    return cells.map((cell) =>
      settingFinding(
        'warning',
        'editor-refused',
        cell,
        `「${email}」を保護の編集者に追加できませんでした（Google がこのアドレスを受け付けません。入力ミス、Google アカウントではないアドレス、組織の共有設定で許可されていない相手などが考えられます）。` +
          `この人はシートを編集できません。アドレスを直してから「部門シート作成・更新」を実行してください`,
      ),
    );
  });
}

/** The grade table under 設定, or null when there is none (the preset is used). */
function readGradeTable(sheet: SheetData, findings: Finding[]): GradeBand[] | null {
  const v = sheet.values;
  const header = findHeaderRow(v, GRADE_FIELDS, v.length, 2);
  if (!header) return null;
  if (header.missing.length) {
    // A table with a renamed header would otherwise be ignored without a word, and the preset used instead.
    for (const m of header.missing)
      findings.push(settingFinding('error', 'grade-header-missing', a1(header.row, 1), `評価表の列見出し「${m}」がありません（名前を変えた場合は元に戻してください）。評価表を使わず、評価基準のプリセットで評価します`));
    return null;
  }
  const gradeCol = header.cols.get('評価')!;
  const labelCol = header.cols.get('名称');
  const minCol = header.cols.get('達成率の下限(%)')!;
  const bands: GradeBand[] = [];
  for (let r = header.row + 1; r <= v.length; r++) {
    const grade = textAt(v, r, gradeCol);
    if (!grade) break;
    const raw = v[r - 1]?.[minCol - 1] ?? '';
    let min: number | null = null;
    if (!isBlank(raw)) {
      const p = parseEntry(raw, { numberFormat: numberFormatAt(sheet, r, minCol) });
      const seg = p.segments[0];
      if (p.segments.length !== 1 || seg.kind !== 'number' || (seg.unit !== null && seg.unit !== '%')) {
        findings.push(settingFinding('error', 'bad-scale-bound', a1(r, minCol), `評価「${grade}」の下限「${cellText(raw)}」を数値（%）として読めません`));
        return null;
      }
      min = seg.value / 100;
    }
    bands.push({ grade, label: textAt(v, r, labelCol), min });
  }
  const problems = scaleProblems(bands);
  for (const p of problems) findings.push(settingFinding('error', 'bad-scale', a1(header.row, gradeCol), `評価表: ${p}`));
  return problems.length ? null : bands;
}

function sameScale(a: GradeBand[], b: GradeBand[] | undefined): boolean {
  return !!b && a.length === b.length && a.every((x, i) => x.grade === b[i].grade && x.label === b[i].label && x.min === b[i].min);
}
