/** 計画マスタ: one row per indicator, one 予定 column per fiscal year. */
import {
  DIRECTIONS,
  PLAN_STATES,
  indicatorKey,
  type Direction,
  type Finding,
  type Indicator,
  type IndicatorVersion,
  type Method,
  type PlanState,
  type PlanText,
  type Settings,
  type SourceCell,
} from '../model';
import { parseEntry } from '../parse/entry';
import { formatFiscalYear, parseFiscalYear, splitFiscalYearPrefix } from '../parse/fiscal-year';
import { a1, isBlank, numberFormatAt, type Scalar, type SheetData, type SheetOutput } from '../workbook';
import { isReservedName, SHEET, sheetNameKey } from './sheet-names';
import { EMPTY_NO, cellAt, cellText, findHeaderRow, headerKey, planNo, textAt, type FieldSpec } from './table';

export const MASTER_FIELDS = {
  no: { header: 'No.', aliases: ['No', '番号', 'NO'], required: true },
  policy: { header: '基本方針' },
  theme: { header: '取組' },
  actionPlan: { header: 'アクションプラン', required: true },
  name: { header: '指標名', aliases: ['指標', '評価指標'], required: true },
  unit: { header: '単位', required: true },
  direction: { header: '方向' },
  method: { header: '算定方法' },
  baseline: { header: '基準値' },
  baselineYear: { header: '基準年度' },
  cumulative: { header: '累計' },
  reportingDept: { header: '報告部門', required: true },
  ownerDepts: { header: '主管部門' },
  relatedDepts: { header: '関係部門' },
  state: { header: '状態' },
  note: { header: '備考' },
} satisfies Record<string, FieldSpec>;

/**
 * Optional columns that describe an action plan for the report (the seed's 概要・目的・成果目標), written after the
 * 予定 and version columns. A plan with several indicator rows needs them on one row only (the first that has them counts).
 */
export const PLAN_TEXT_FIELDS = {
  overview: { header: '概要' },
  purpose: { header: '目的' },
  outcome: { header: '成果目標', aliases: ['成果目標（アウトカム）', 'アウトカム'] },
} satisfies Record<keyof PlanText, FieldSpec>;

/**
 * Optional columns of a versioned indicator (中間見直し, indicator-versions.ts), written between the 予定 columns and
 * the plan texts. A master without them, or a row that leaves them all empty, reads as before: the indicator is in
 * force every year of the plan.
 */
export const VERSION_FIELDS = {
  from: { header: '適用開始年度' },
  to: { header: '適用終了年度' },
  previous: { header: '改定前の指標' },
  basis: { header: '改定根拠' },
} satisfies Record<keyof IndicatorVersion['cells'], FieldSpec>;

const FIELD_LIST: FieldSpec[] = Object.values(MASTER_FIELDS);
const VERSION_KEYS = Object.keys(VERSION_FIELDS) as (keyof IndicatorVersion['cells'])[];
const VERSION_LIST: FieldSpec[] = Object.values(VERSION_FIELDS);
const TEXT_KEYS = Object.keys(PLAN_TEXT_FIELDS) as (keyof PlanText)[];
const TEXT_LIST: FieldSpec[] = Object.values(PLAN_TEXT_FIELDS);
/** 1-based column of a field in the sheet init writes. */
const writtenCol = (k: keyof typeof MASTER_FIELDS) => FIELD_LIST.indexOf(MASTER_FIELDS[k]) + 1;
const TARGET_WORDS = ['予定', '目標'];

/** A master row as written by init (the demo, or a new plan). */
export interface MasterRow {
  no: number;
  policy: string;
  theme: string;
  actionPlan: string;
  name: string;
  unit: string;
  direction?: Direction;
  method?: Method;
  baseline?: Scalar;
  baselineYear?: Scalar;
  cumulative?: boolean;
  reportingDept: string;
  ownerDepts: string;
  relatedDepts: string;
  state?: PlanState;
  note?: string;
  /** 予定 per fiscal year, exactly as written. */
  targets: Record<number, Scalar>;
  /** 概要・目的・成果目標 (PLAN_TEXT_FIELDS); paragraphs separated by a line break. One row of the plan is enough. */
  overview?: string;
  purpose?: string;
  outcome?: string;
  /** 適用開始年度・適用終了年度 (fiscal years), 改定前の指標 (a 指標名 of the same No.) and 改定根拠 (VERSION_FIELDS). */
  validFrom?: number;
  validTo?: number;
  revises?: string;
  basis?: string;
}

export function targetHeader(fy: number): string {
  return `${formatFiscalYear(fy)} 予定`;
}

export function masterSheet(rows: MasterRow[], years: number[]): SheetOutput {
  const fixed = FIELD_LIST.map((f) => f.header);
  const header = [...fixed, ...years.map(targetHeader), ...VERSION_LIST.map((f) => f.header), ...TEXT_LIST.map((f) => f.header)];
  const values: Scalar[][] = [header];
  for (const m of rows) {
    values.push([
      m.no, m.policy, m.theme, m.actionPlan, m.name, m.unit, m.direction ?? '増加', m.method ?? '実績÷目標',
      m.baseline ?? '', m.baselineYear ?? '', m.cumulative ? '累計' : '', m.reportingDept, m.ownerDepts,
      m.relatedDepts, m.state ?? '実施中', m.note ?? '',
      ...years.map((fy) => m.targets[fy] ?? ''),
      m.validFrom === undefined ? '' : formatFiscalYear(m.validFrom), m.validTo === undefined ? '' : formatFiscalYear(m.validTo),
      m.revises ?? '', m.basis ?? '',
      ...TEXT_KEYS.map((k) => m[k] ?? ''),
    ]);
  }
  const width = header.length;
  return {
    name: SHEET.master,
    values,
    position: 1,
    styles: [{ range: { row: 1, col: 1, numRows: 1, numCols: width }, style: 'header' }],
    numberFormats: [{ range: { row: 2, col: fixed.length + 1, numRows: Math.max(rows.length, 1), numCols: years.length }, format: '@' }],
    listValidations: rows.length
      ? [
          { range: { row: 2, col: writtenCol('direction'), numRows: rows.length, numCols: 1 }, values: [...DIRECTIONS], helpText: '増加・減少・維持' },
          { range: { row: 2, col: writtenCol('method'), numRows: rows.length, numCols: 1 }, values: ['実績÷目標', '基準比'], helpText: '実績÷目標（単年度）または基準比' },
          { range: { row: 2, col: writtenCol('state'), numRows: rows.length, numCols: 1 }, values: [...PLAN_STATES], helpText: '実施中・完了・削除・省略' },
        ]
      : [],
    frozenRows: 1,
    columnWidths: [6, 22, 14, 30, 24, 8, 8, 12, 10, 10, 6, 14, 24, 20, 8, 30, ...years.map(() => 16), 12, 12, 16, 40, ...TEXT_LIST.map(() => 40)],
  };
}

const METHOD_ALIASES: Record<string, Method> = {
  '実績÷目標': '実績÷目標', '実績/目標': '実績÷目標', 単年度: '実績÷目標', 標準: '実績÷目標',
  基準比: '基準比', 進捗率: '基準比', '(実績-基準値)÷(目標-基準値)': '基準比',
};
/** Optional columns whose absence changes results, and what every indicator then defaults to. */
const DEFAULTS_WITHOUT_COLUMN: Partial<Record<keyof typeof MASTER_FIELDS, string>> = {
  direction: '「増加」', method: '「実績÷目標」', baseline: '基準値なし', cumulative: '累計でない指標', state: '「実施中」',
};
const TRUE_WORDS = ['累計', '○', '〇', '◯', 'はい', 'true', 'yes', 'y', '1', '✓', '✔'];

export interface MasterRead {
  indicators: Indicator[];
  /** Fiscal years that have a 予定 column inside the plan period. */
  years: number[];
  findings: Finding[];
}

/** Reads 計画マスタ into indicators; every problem becomes a located finding and the row is kept when possible. */
export function readMaster(sheet: SheetData | undefined, settings: Settings): MasterRead {
  const findings: Finding[] = [];
  const f = (severity: Finding['severity'], code: string, cell: string, indicator: string, message: string) =>
    findings.push({ severity, code, sheet: SHEET.master, cell, indicator, message });
  if (!sheet) {
    f('error', 'missing-sheet', '', '', `「${SHEET.master}」シートがありません`);
    return { indicators: [], years: [], findings };
  }
  const v = sheet.values;
  const header = findHeaderRow(v, [...FIELD_LIST, ...TEXT_LIST, ...VERSION_LIST]);
  if (!header) {
    f('error', 'header-missing', 'A1', '', `見出し行が見つかりません（${FIELD_LIST.filter((x) => x.required).map((x) => `「${x.header}」`).join('')}などの列見出しが必要です）`);
    return { indicators: [], years: [], findings };
  }
  for (const m of header.missing)
    f('error', 'header-missing', a1(header.row, 1), '', `列見出し「${m}」がありません（名前を変えた場合は元に戻してください）`);
  if (header.missing.includes(MASTER_FIELDS.no.header) || header.missing.includes(MASTER_FIELDS.name.header))
    return { indicators: [], years: [], findings };
  // Columns that change how rates are computed: without them every indicator silently takes the default.
  for (const [k, fallback] of Object.entries(DEFAULTS_WITHOUT_COLUMN) as [keyof typeof MASTER_FIELDS, string][])
    if (!header.cols.has(MASTER_FIELDS[k].header))
      f('warning', 'header-missing', a1(header.row, 1), '', `列見出し「${MASTER_FIELDS[k].header}」がありません（名前を変えた場合は元に戻してください）。すべての指標を${fallback}として扱います`);

  const targetCols = new Map<number, number>();
  for (const { text, col } of header.all) {
    const split = splitFiscalYearPrefix(text);
    if (!split || !TARGET_WORDS.includes(headerKey(split.rest))) continue;
    if (split.fy < settings.firstYear || split.fy > settings.lastYear) {
      f('warning', 'year-out-of-period', a1(header.row, col), '', `「${text}」は計画期間（${settings.firstYear}〜${settings.lastYear}年度）の外の年度です。集計に使いません`);
      continue;
    }
    if (targetCols.has(split.fy)) {
      f('error', 'duplicate-year-column', a1(header.row, col), '', `「${text}」と同じ年度の予定列が2つあります。左の列を使います`);
      continue;
    }
    targetCols.set(split.fy, col);
  }
  if (targetCols.size === 0)
    f('error', 'no-target-columns', a1(header.row, 1), '', `予定の列（例:「${targetHeader(settings.firstYear)}」）がありません`);
  else
    for (let fy = settings.firstYear; fy <= settings.lastYear; fy++)
      if (!targetCols.has(fy))
        f('warning', 'missing-year-column', a1(header.row, 1), '', `「${targetHeader(fy)}」の列がありません（見出しの名前を変えた場合は元に戻してください）。${formatFiscalYear(fy)}は目標なしとして扱います`);

  const col = (k: keyof typeof MASTER_FIELDS) => header.cols.get(MASTER_FIELDS[k].header);
  // A finding about a field whose column is missing (its header finding is above) points at the row's No.
  const cellOf = (r: number, k: keyof typeof MASTER_FIELDS) => a1(r, col(k) ?? col('no')!);
  const indicators: Indicator[] = [];
  const seen = new Map<string, number>();
  const planNames = new Map<number, { name: string; row: number }>();
  const planTexts = new Map<number, { text: PlanText; rows: Partial<Record<keyof PlanText, number>> }>();
  const textCol = (k: keyof PlanText) => header.cols.get(PLAN_TEXT_FIELDS[k].header);
  /** The plan's texts as one object shared by its rows: the first non-empty value of each; a different one warns. */
  const planTextOf = (r: number, no: number, label: string): PlanText => {
    const entry = planTexts.get(no) ?? { text: { overview: '', purpose: '', outcome: '' }, rows: {} };
    planTexts.set(no, entry);
    for (const k of TEXT_KEYS) {
      const c = textCol(k);
      const t = planTextAt(v, r, c);
      if (!t || c === undefined) continue;
      const first = entry.rows[k];
      if (first === undefined) {
        entry.text[k] = t;
        entry.rows[k] = r;
      } else if (t !== entry.text[k]) {
        const name = PLAN_TEXT_FIELDS[k].header;
        f('warning', 'plan-text-differs', a1(r, c), label, `No.${no} の${name}が ${SHEET.master}!${a1(first, c)} と違います。報告書には最初の行（${a1(first, c)}）の${name}を使います。同じ内容にするか、ほかの行の${name}を空にしてください`);
      }
    }
    return entry.text;
  };

  const versionCol = (k: keyof IndicatorVersion['cells']) => header.cols.get(VERSION_FIELDS[k].header);
  /** The row's version columns; undefined when all are empty (or absent), so old masters read as before. */
  const versionAt = (r: number, label: string): IndicatorVersion | undefined => {
    const raw = (k: keyof IndicatorVersion['cells']) => cellAt(v, r, versionCol(k));
    if (VERSION_KEYS.every((k) => isBlank(raw(k)))) return undefined;
    const cells = Object.fromEntries(VERSION_KEYS.map((k) => [k, a1(r, versionCol(k) ?? col('name')!)])) as IndicatorVersion['cells'];
    const year = (k: 'from' | 'to'): number | null => {
      if (isBlank(raw(k))) return null;
      const fy = parseFiscalYear(raw(k)).fy;
      if (fy === null)
        f('error', 'bad-version-year', cells[k], label, `${VERSION_FIELDS[k].header}「${cellText(raw(k))}」を年度として読めません（例: 2022年度、令和4年度）。年度を決められないため、${k === 'from' ? '計画期間の初年度から' : '計画期間の最終年度まで'}適用するものとして扱います`);
      return fy;
    };
    return { from: year('from'), to: year('to'), previous: textAt(v, r, versionCol('previous')), basis: textAt(v, r, versionCol('basis')), cells };
  };

  for (let r = header.row + 1; r <= v.length; r++) {
    const row = v[r - 1] ?? [];
    if (row.every((x) => isBlank(x))) continue;
    const text = (k: keyof typeof MASTER_FIELDS) => textAt(v, r, col(k));
    const noRaw = cellAt(v, r, col('no'));
    const { text: noText, no } = planNo(noRaw);
    const name = text('name');
    const label = `No.${noText}${name ? ` ${name}` : ''}`;
    if (!noText || !Number.isInteger(no) || no <= 0) {
      f('error', 'bad-no', cellOf(r, 'no'), label, noText ? `No.「${cellText(noRaw)}」は正の整数ではありません。この行は集計に使いません` : EMPTY_NO);
      continue;
    }

    const stateText = text('state') || '実施中';
    let state = PLAN_STATES.find((s) => s === stateText);
    if (!state) {
      f('error', 'bad-state', cellOf(r, 'state'), label, `状態「${stateText}」は${PLAN_STATES.join('・')}のどれでもありません。実施中として扱います`);
      state = '実施中';
    }
    const dirText = text('direction') || '増加';
    let direction = DIRECTIONS.find((d) => d === dirText);
    if (!direction) {
      f('error', 'bad-direction', cellOf(r, 'direction'), label, `方向「${dirText}」は${DIRECTIONS.join('・')}のどれでもありません。増加として扱います`);
      direction = '増加';
    }
    const methodText = text('method') || '実績÷目標';
    let method = METHOD_ALIASES[methodText.normalize('NFKC').replace(/\s/g, '')] ?? METHOD_ALIASES[methodText];
    if (!method) {
      f('error', 'bad-method', cellOf(r, 'method'), label, `算定方法「${methodText}」は「実績÷目標」「基準比」のどちらでもありません。実績÷目標として扱います`);
      method = '実績÷目標';
    }
    const unit = text('unit').normalize('NFKC');

    let baseline: number | null = null;
    const baseRaw = cellAt(v, r, col('baseline'));
    if (!isBlank(baseRaw)) {
      const p = parseEntry(baseRaw, { numberFormat: numberFormatAt(sheet, r, col('baseline')!), unit });
      const seg = p.segments.length === 1 ? p.segments[0] : undefined;
      if (seg?.kind === 'number') {
        baseline = seg.value;
        // A number read with a doubt (1.8%減 → −1.8) says so, as for 実績 and 予定.
        for (const x of p.findings) if (x.severity === 'warning') f('warning', x.code, cellOf(r, 'baseline'), label, `基準値: ${x.message}`);
      }
      else f('error', 'bad-baseline', cellOf(r, 'baseline'), label, `基準値「${cellText(baseRaw)}」を数値として読めません`);
    }
    let baselineYear: number | null = null;
    const byRaw = cellAt(v, r, col('baselineYear'));
    if (!isBlank(byRaw)) {
      const p = parseFiscalYear(byRaw);
      baselineYear = p.fy;
      if (p.fy === null) f('warning', 'bad-baseline-year', cellOf(r, 'baselineYear'), label, `基準年度「${cellText(byRaw)}」を年度として読めません`);
    }
    const cumRaw = cellAt(v, r, col('cumulative'));
    const cumulative = cumRaw === true || TRUE_WORDS.includes(headerKey(cumRaw));

    const targets = new Map<number, SourceCell>();
    for (const [fy, c] of targetCols) {
      const value = cellAt(v, r, c);
      if (isBlank(value)) continue;
      targets.set(fy, { value, format: numberFormatAt(sheet, r, c), sheet: SHEET.master, row: r, col: c });
    }

    const ind: Indicator = {
      no, policy: text('policy'), theme: text('theme'), actionPlan: text('actionPlan'), name, unit, direction,
      method, baseline, baselineYear, cumulative, reportingDept: text('reportingDept'), ownerDepts: text('ownerDepts'),
      relatedDepts: text('relatedDepts'), state, note: text('note'), targets, row: r,
    };

    const prevPlan = planNames.get(no);
    if (prevPlan && prevPlan.name !== ind.actionPlan)
      f('error', 'duplicate-no', cellOf(r, 'no'), label, `No.${no} が別のアクションプラン（${prevPlan.row}行目「${prevPlan.name}」）にも使われています`);
    if (!prevPlan) planNames.set(no, { name: ind.actionPlan, row: r });

    const key = indicatorKey(no, name);
    if (seen.has(key)) {
      f('error', 'duplicate-indicator', cellOf(r, 'name'), label, `No.${no}「${name}」が${seen.get(key)}行目と重複しています。この行は集計に使いません`);
      continue;
    }
    seen.set(key, r);
    ind.planText = planTextOf(r, no, label);
    const version = versionAt(r, label);
    if (version) ind.version = version;

    if (isActive(ind)) {
      if (!ind.reportingDept && col('reportingDept')) f('error', 'missing-dept', cellOf(r, 'reportingDept'), label, '報告部門が空です。どの部門シートに載せるか決められません');
      else if (isReservedName(ind.reportingDept))
        f('error', 'reserved-dept', cellOf(r, 'reportingDept'), label, `報告部門「${ind.reportingDept}」はアドオンのシート名と同じため、部門シートを作れません。報告部門を変えてください`);
      if (!unit && col('unit')) f('warning', 'missing-unit', cellOf(r, 'unit'), label, '単位が空です。入力された単位を確かめられません');
      if (method === '基準比' && baseline === null)
        f('error', 'missing-baseline', cellOf(r, 'baseline'), label, '算定方法が「基準比」なのに基準値がありません');
      if (ind.targets.size === 0) f('warning', 'no-targets', cellOf(r, 'name'), label, 'どの年度にも予定（目標）がありません');
    } else if (ind.state === '実施中' && !name) {
      f('warning', 'missing-indicator-name', cellOf(r, 'name'), label, '状態が実施中なのに指標名が空です');
    }
    indicators.push(ind);
  }
  findings.push(...deptNameClashes(indicators, (r) => cellOf(r, 'reportingDept')));
  return { indicators, years: [...targetCols.keys()].sort((a, b) => a - b), findings };
}

/** A plan text cell: trimmed, line breaks as \n, each line without trailing spaces. */
function planTextAt(values: Scalar[][], row: number, col: number | undefined): string {
  return textAt(values, row, col).replace(/\r\n?/g, '\n').replace(/[ \t　]+\n/g, '\n');
}

/** Indicators that departments report on: a named indicator of a plan in progress (or completed). */
export function isActive(ind: Indicator): boolean {
  return ind.name !== '' && (ind.state === '実施中' || ind.state === '完了');
}

/**
 * 報告部門 that would share one tab: names that differ only in case are one sheet name to Excel and Sheets, so
 * setup would create a tab for one and report the other as created too. Each name is cited by its first cell.
 */
function deptNameClashes(indicators: Indicator[], cellOf: (row: number) => string): Finding[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const ind of indicators) {
    if (!isActive(ind) || !ind.reportingDept) continue;
    const key = sheetNameKey(ind.reportingDept);
    const names = byKey.get(key) ?? new Map<string, number>();
    if (!names.has(ind.reportingDept)) names.set(ind.reportingDept, ind.row);
    byKey.set(key, names);
  }
  const out: Finding[] = [];
  for (const names of byKey.values()) {
    if (names.size < 2) continue;
    const list = [...names].map(([name, row]) => `「${name}」（${SHEET.master}!${cellOf(row)}）`).join('と');
    // One finding per clash, on the name that comes second (both are named in the message).
    const [, second] = [...names.values()];
    out.push({ severity: 'error', code: 'dept-name-clash', sheet: SHEET.master, cell: cellOf(second), indicator: '', message: `報告部門${list}は大文字・小文字だけが違います。Excel と Google スプレッドシートはシート名の大文字・小文字を区別しないため、部門シートを別々に作れません。同じ部門なら書き方をそろえ、別の部門ならどちらかの名前を変えてください` });
  }
  return out;
}

/** The 報告部門 of the active indicators, in master order, each once. */
export function reportingDepts(indicators: Indicator[]): string[] {
  return [...new Set(indicators.filter(isActive).map((i) => i.reportingDept).filter(Boolean))];
}

/** `No.2 課税証明`: how findings and tables name an indicator. */
export function indicatorLabel(ind: Pick<Indicator, 'no' | 'name'>): string {
  return ind.name ? `No.${ind.no} ${ind.name}` : `No.${ind.no}`;
}
