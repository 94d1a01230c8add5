/**
 * The report model from the same analysis as 達成状況 (rollupWorkbook): the same rows, counted by countRows,
 * rates shown by formatRate and values by formatValue, so the report cannot show other numbers than the sheet.
 */
import type { Analysis, SummaryRow } from '../analyze';
import { readDirection } from '../direction';
import { calendarParts, isValidDate } from '../calendar';
import { countRows, type CountLine } from '../counts';
import { UserError } from '../errors';
import { NO_GRADE } from '../grades';
import { changeNotes, readSeries, versionCovers, type Series } from '../indicator-versions';
import { indicatorLabel, isActive } from '../layout/master';
import { scaleText } from '../layout/summary';
import { cellText } from '../layout/table';
import { indicatorKey, severityLabel, type GradeBand, type Indicator, type Settings } from '../model';
import { NOT_COMPUTABLE, planDecimals, planOutlook, showValue, type IndicatorOutlookRecord, type PlanOutlook } from '../outlook';
import { eraLabel, formatFiscalYear } from '../parse/fiscal-year';
import { formatValue } from '../parse/format';
import { formatRate } from '../rates';
import { trajectoryChartSvg } from './chart';
import { UNGRADED_MEANING, dataDateLabel, fiscalYearBothEras } from './labels';
import {
  AUDIENCE_LABEL,
  type Audience,
  type ReportScope,
  type ReportComment,
  type ReportCountTable,
  type ReportGradeBand,
  type ReportChart,
  type ReportIndicator,
  type ReportIndicatorVersion,
  type ReportModel,
  type ReportOutlook,
  type ReportPlanLine,
  type ReportPlanPage,
  type ReportSummary,
  type ReportYearCell,
} from './model';
import { redactEmails } from './redact';
import { stackedBarSvg } from '../graphs/bar-chart';
import { gradeGraphs, type GradeGraph } from '../graphs/grade-graphs';

export interface ReportOptions {
  /** The fiscal year under evaluation; 設定's 評価年度 when left out. */
  year?: number;
  audience: Audience;
  /** The date the figures are as of, a core calendar date (calendar.ts); the core never asks the clock. */
  dataDate: Date;
  /** Which plans the report covers; the whole plan when left out. reportScopes lists the valid values. */
  scope?: ReportScope;
}

export const REPORT_TITLE = 'アクションプラン 進行管理報告書';

function planYears(settings: Settings): number[] {
  const ys: number[] = [];
  for (let fy = settings.firstYear; fy <= settings.lastYear; fy++) ys.push(fy);
  return ys;
}

// ---- scope ----

/** The values a report's scope can take for this plan: the sidebar lists them, buildReport accepts only these. */
export interface ReportScopes {
  /** 基本方針 in master order. */
  policies: string[];
  /** 報告部門 and the departments named in 主管部門, in master order. */
  departments: string[];
}

/** Names in a 主管部門 cell (`税制課、市民課`). */
function deptNames(text: string): string[] {
  return text.split(/[、,，\n]/).map((s) => s.trim()).filter(Boolean);
}

const scopeKey = (s: string) => s.normalize('NFKC').trim();

export function reportScopes(analysis: Pick<Analysis, 'indicators'>): ReportScopes {
  const policies = new Set<string>();
  const departments = new Set<string>();
  for (const ind of analysis.indicators) {
    if (ind.policy) policies.add(ind.policy);
    for (const d of deptNames(ind.ownerDepts)) departments.add(d);
    if (isActive(ind) && ind.reportingDept) departments.add(ind.reportingDept);
  }
  return { policies: [...policies], departments: [...departments] };
}

/**
 * Whether a master row's plan is in the scope: its 基本方針, or the department is among its 主管部門 or reports one
 * of the plan's indicators (`reporters`: the 報告部門 of each plan No.). A plan is in or out whole.
 */
function inScope(scope: ReportScope, ind: Indicator, reporters: ReadonlyMap<number, ReadonlySet<string>>): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'policy') return scopeKey(ind.policy) === scopeKey(scope.policy);
  const dept = scopeKey(scope.department);
  return deptNames(ind.ownerDepts).some((d) => scopeKey(d) === dept) || [...(reporters.get(ind.no) ?? [])].some((d) => scopeKey(d) === dept);
}

/** `基本方針: 市民のためのサービスデザイン`, `部門: 情報政策室`; '' for the whole plan. */
export function scopeLabel(scope: ReportScope): string {
  return scope.kind === 'policy' ? `基本方針: ${scope.policy}` : scope.kind === 'department' ? `部門: ${scope.department}` : '';
}

/** The scope with the master's spelling of its name; a name the master does not have is a UserError listing those it has. */
function checkedScope(scope: ReportScope | undefined, analysis: Analysis): ReportScope {
  if (!scope || scope.kind === 'all') return { kind: 'all' };
  const valid = reportScopes(analysis);
  const [what, name, list] = scope.kind === 'policy' ? ['基本方針', scope.policy, valid.policies] as const : ['部門', scope.department, valid.departments] as const;
  const found = list.find((x) => scopeKey(x) === scopeKey(name ?? ''));
  if (found === undefined) {
    if (!list.length) throw new UserError(`${what}「${name ?? ''}」は計画マスタにありません（計画マスタに${what}が書かれていません）。報告書の範囲は全体にしてください`);
    throw new UserError(`${what}「${name ?? ''}」は計画マスタにありません。報告書の範囲には次のどれかを指定してください: ${list.map((x) => `「${x}」`).join('')}`);
  }
  return scope.kind === 'policy' ? { kind: 'policy', policy: found } : { kind: 'department', department: found };
}

/** The analysis cut down to the plans in the scope: their master rows, summary rows and excluded lines. */
function scopedAnalysis(analysis: Analysis, scope: ReportScope): Analysis {
  if (scope.kind === 'all') return analysis;
  const reporters = new Map<number, Set<string>>();
  for (const ind of analysis.indicators.filter(isActive)) reporters.set(ind.no, (reporters.get(ind.no) ?? new Set()).add(ind.reportingDept));
  const plans = new Set(analysis.indicators.filter((i) => inScope(scope, i, reporters)).map((i) => i.no));
  return {
    ...analysis,
    indicators: analysis.indicators.filter((i) => plans.has(i.no)),
    rows: analysis.rows.filter((r) => plans.has(r.no)),
    excluded: analysis.excluded.filter((x) => plans.has(x.no)),
  };
}

export function buildReport(whole: Analysis, settings: Settings, options: ReportOptions): ReportModel {
  const year = options.year ?? settings.evaluationYear;
  if (!Number.isInteger(year) || year < settings.firstYear || year > settings.lastYear)
    throw new UserError(`${year}年度は計画期間（${formatFiscalYear(settings.firstYear)}〜${formatFiscalYear(settings.lastYear)}）の外です。計画期間の中の年度を指定してください`);
  if (!isValidDate(options.dataDate)) throw new UserError('報告書のデータの日付が正しくありません');
  const scope = checkedScope(options.scope, whole);
  const analysis = scopedAnalysis(whole, scope);
  const scopeText = scopeLabel(scope);
  const internal = options.audience === 'internal';
  const { year: y, month, day } = calendarParts(options.dataDate);
  const dataDate = { year: y, month, day };
  const yearLabel = fiscalYearBothEras(year);
  const planTitle = settings.title || '計画';
  const audienceLabel = AUDIENCE_LABEL[options.audience];

  const model: ReportModel = {
    cover: {
      planTitle, reportTitle: REPORT_TITLE, fiscalYear: year, fiscalYearLabel: yearLabel, dataDate,
      dataDateLabel: dataDateLabel(dataDate), audience: options.audience, audienceLabel,
      coordinatorDept: settings.coordinatorDept, contacts: internal ? [...settings.coordinators] : [],
      scope, scopeLabel: scopeText,
    },
    header: `${planTitle}　${yearLabel} ${REPORT_TITLE}（${audienceLabel}）${scopeText ? `　${scopeText}` : ''}`,
    summary: reportSummary(analysis, settings, year),
    plans: planPages(analysis, settings, year, internal),
    otherPlans: analysis.excluded.map(planLine),
    // The state of the whole workbook's check, whatever the scope.
    findingCounts: internal
      ? { errors: analysis.findings.filter((f) => f.severity === 'error').length, warnings: analysis.findings.filter((f) => f.severity === 'warning').length }
      : null,
  };
  // People's texts (comments, notes, names) may hold addresses; the published report holds none.
  return internal ? model : redactEmails(model);
}

// ---- summary ----

const pct = (min: number) => `${Math.round(min * 1e6) / 1e4}%`;

export function gradeBands(scale: readonly GradeBand[]): ReportGradeBand[] {
  return scale.map((b, i) => {
    const upper = i > 0 ? scale[i - 1]!.min : null;
    const range =
      b.min === null ? `達成率 ${upper === null ? '−' : pct(upper)}未満`
      : upper === null ? `達成率 ${pct(b.min)}以上`
      : `達成率 ${pct(b.min)}以上${pct(upper)}未満`;
    return { grade: b.grade, label: b.label, range };
  });
}

function reportSummary(analysis: Analysis, settings: Settings, year: number): ReportSummary {
  const counts = countRows(analysis.rows, settings.scale, year);
  const grades = settings.scale.map((b) => b.grade);
  const all = [...counts.byYear, ...counts.byPolicy, ...counts.byTheme, ...counts.byDepartment];
  // Reasons that occur nowhere are left out of the tables (as on the terminal); those that occur are never hidden.
  const columns = counts.columns.filter((c) => grades.includes(c) || all.some((l) => l.counts[c]! > 0));
  const labelOf = (c: string) => {
    const band = settings.scale.find((b) => b.grade === c);
    return band ? `${band.grade} ${band.label}` : c;
  };
  const table = (title: string, keyHeader: string, lines: CountLine[], label: (key: string) => string = (k) => k): ReportCountTable => ({
    title, keyHeader, columns, columnLabels: columns.map(labelOf),
    lines: lines.map((l) => ({ label: label(l.key), counts: columns.map((c) => l.counts[c] ?? 0), total: l.total })),
  });
  const yearOfKey = new Map(planYears(settings).concat(analysis.rows.map((r) => r.fiscalYear)).map((fy) => [formatFiscalYear(fy), fy]));
  const yl = fiscalYearBothEras(year);
  const used = new Set(all.flatMap((l) => Object.keys(l.counts).filter((k) => !grades.includes(k) && l.counts[k]! > 0)));
  return {
    counts: [
      table('年度別の評価件数', '年度', counts.byYear, (k) => fiscalYearBothEras(yearOfKey.get(k) ?? NaN)),
      table(`基本方針別の評価件数（${yl}）`, '基本方針', counts.byPolicy),
      table(`取組別の評価件数（${yl}）`, '取組', counts.byTheme),
      table(`部門別の評価件数（${yl}）`, '報告部門', counts.byDepartment),
    ],
    graphs: gradeGraphs(counts, grades, year).map((g) => ({ title: g.title, svg: stackedBarSvg(g), alt: graphAlt(g) })),
    grades: gradeBands(settings.scale),
    scaleText: scaleText(settings.scale),
    scaleName: settings.scaleName,
    rateMethod: rateMethodText(analysis.indicators.filter(isActive), settings, analysis.outlookRule?.rounding ?? '四捨五入'),
    ungradedReasons: counts.columns.filter((c) => used.has(c)).map((c) => `${c}: ${UNGRADED_MEANING[c as keyof typeof UNGRADED_MEANING] ?? c}`),
  };
}

/** A graph in words, bar by bar: `2020年度 A 8件・D 1件・評価なし 2件`. */
function graphAlt(g: GradeGraph): string {
  const bars = g.categories.map((c, i) => `${c} ${g.series.filter((s) => s.values[i] > 0).map((s) => `${s.name} ${s.values[i]}件`).join('・') || '0件'}`);
  return `${g.title}: ${bars.join('、')}`;
}

function listOf(inds: readonly Indicator[]): string {
  return inds.map((i) => indicatorLabel(i)).join('、');
}

/** The rate method in sentences: the default, then each other method the plan's indicators use. */
function rateMethodText(active: readonly Indicator[], settings: Settings, rounding: '四捨五入' | '切り捨て'): string[] {
  const out = ['達成率は、各年度の実績をその年度の予定（目標）で割った割合です（実績÷目標）。'];
  const cumulative = active.filter((i) => i.cumulative);
  if (cumulative.length) out.push(`累計の指標（${listOf(cumulative)}）は、その年度までの実績の合計をその年度の目標で割ります。`);
  const base = active.filter((i) => i.direction === '増加' && i.method === '基準比');
  if (base.length) out.push(`基準比の指標（${listOf(base)}）は、(実績−基準値)÷(目標−基準値) で求めます。`);
  const decrease = active.filter((i) => i.direction === '減少');
  if (decrease.length) out.push(`減少を目指す指標（${listOf(decrease)}）は、基準値があれば (基準値−実績)÷(基準値−目標)、なければ 目標÷実績 で求めます。`);
  const maintain = active.filter((i) => i.direction === '維持');
  if (maintain.length) out.push(`維持の指標（${listOf(maintain)}）は、目標を満たせば100%、満たさなければ0%とします。`);
  out.push(`達成率は端数を丸めずに計算し、小数第1位の%で示します（${rounding}）。目標が0や負の値など計算できない年度は達成率を示しません。`);
  out.push(`評価は、達成率を評価基準「${settings.scaleName}」の区分に当てはめたものです。評価のない年度（−）は、その理由ごとに数えています。`);
  return out;
}

// ---- plan pages ----

function methodText(ind: Indicator): string {
  const formula =
    ind.direction === '維持' ? '維持（目標を満たせば100%、満たさなければ0%）'
    : ind.direction === '減少' ? (ind.baseline !== null ? '(基準値−実績)÷(基準値−目標)' : '目標÷実績（基準値なしの代替式）')
    : ind.method === '基準比' ? '(実績−基準値)÷(目標−基準値)'
    : '実績÷目標';
  return ind.cumulative ? `累計（その年度までの実績の合計で ${formula}）` : formula;
}

/** 備考 notes that point into the workbook (cells, the year-close snapshot) are for the coordinator only. */
const INTERNAL_NOTE = /![A-Z]{1,3}\d+|控え/;

function publicNote(note: string): string {
  return note.split('／').filter((part) => part && !INTERNAL_NOTE.test(part)).join('／');
}

/** What the plan pages share: the rounding of rates and the outlook as of the report's year (planOutlook, once). */
interface PageContext {
  rounding?: '四捨五入' | '切り捨て';
  outlook: PlanOutlook;
  /** The outlook record of each indicator (indicatorKey), for its plan line and 達成見込み. */
  records: ReadonlyMap<string, IndicatorOutlookRecord>;
}

/** A row's 期待値 and 期待値比 as text: the value as the sidebar shows it (the plan's decimals), the ratio as rates are. */
function expectedOf(row: SummaryRow, ctx: PageContext): Pick<ReportYearCell, 'expected' | 'expectedRatio' | 'expectedValue'> {
  const o = ctx.outlook.rows.get(row);
  const record = ctx.records.get(indicatorKey(row.no, row.indicator));
  const value = o?.expected ?? null;
  return {
    expected: value !== null && record ? showValue(value, planDecimals(record.line), row.unit) : '',
    expectedRatio: formatRate(o?.expectedRatio ?? null, ctx.rounding),
    expectedValue: value,
  };
}

function yearCell(row: SummaryRow | undefined, fy: number, year: number, internal: boolean, version: string, ctx: PageContext): ReportYearCell {
  const rounding = ctx.rounding;
  const base = { fiscalYear: fy, label: fiscalYearBothEras(fy), current: fy === year, version };
  if (!row)
    return { ...base, target: '', actual: '', rate: '', grade: '', status: '', note: '', targetValue: null, actualValue: null, rateValue: null, expected: '', expectedRatio: '', expectedValue: null };
  const graded = row.status === '評価済';
  return {
    ...base,
    ...expectedOf(row, ctx),
    target: row.target !== null ? formatValue(row.target, row.unit) : row.targetText,
    actual: row.actual !== null ? formatValue(row.actual, row.unit) : row.actualText,
    rate: formatRate(row.rate, rounding),
    grade: graded ? row.grade : NO_GRADE,
    status: graded ? '' : row.status,
    // A change of the indicator (中間見直し) is said once, in the indicator's description, not in every year.
    note: (internal ? row.note : publicNote(row.note)).split('／').filter((part) => part && !row.revision.split('／').includes(part)).join('／'),
    targetValue: row.target,
    actualValue: row.actual,
    rateValue: row.rate,
  };
}

/** `令和元年度～令和3年度`, `令和4年度のみ`: a version's years as the plan document heads them (an open end: the plan's). */
function periodText(ind: Indicator, settings: Settings): string {
  const from = ind.version?.from ?? settings.firstYear;
  const to = ind.version?.to ?? settings.lastYear;
  return from === to ? `${eraLabel(from)}のみ` : `${eraLabel(from)}～${eraLabel(to)}`;
}

/**
 * The versions of a series in force in each year: those with a row of 達成状況 that year (rollup makes rows only for
 * the version in force, a closed year's snapshot included, so the page shows what 達成状況 shows), else those whose
 * 適用年度 cover it (a year without figures still names its version).
 */
function versionsByYear(s: Series, rowsOf: ReadonlyMap<Indicator, ReadonlyMap<number, SummaryRow>>, years: readonly number[]): Indicator[][] {
  return years.map((fy) => {
    const withRow = s.versions.filter((v) => rowsOf.get(v)?.has(fy));
    return withRow.length ? withRow : s.versions.filter((v) => versionCovers(v.version, fy));
  });
}

function chartOf(ind: Indicator, cells: readonly ReportYearCell[], drawn: readonly boolean[], title: string, alt: string): ReportChart {
  const targets = cells.map((c, k) => (drawn[k] ? c.targetValue : null));
  const actuals = cells.map((c, k) => (drawn[k] ? c.actualValue : null));
  const points = cells.map((c, k) => ({ label: eraLabel(c.fiscalYear), target: targets[k]!, actual: actuals[k]! }));
  return { title, svg: trajectoryChartSvg({ unit: ind.unit, points }), alt, unit: ind.unit, targets, actuals };
}

/**
 * 達成見込み as 達成状況 gives it (planOutlook's class, basis and pace), as of the report's year. A revised indicator
 * shows the version in force that year: before the change the replaced version's (its basis says what follows),
 * after it the new one's (the replaced one's says only 見込み算出不可 and why). A year two versions claim, or none,
 * has no version to judge: it says so rather than pick one.
 */
function outlookOf(inForce: readonly Indicator[], ctx: PageContext, year: number): ReportOutlook | null {
  const label = `達成見込み（${formatFiscalYear(year)}時点）`;
  if (inForce.length !== 1) {
    const why = inForce.length
      ? `${formatFiscalYear(year)}は${inForce.map((v) => `「${v.name}」`).join('')}の適用年度が重なっているため、見込みを示していません（計画マスタの適用年度を直してください）`
      : `${formatFiscalYear(year)}に適用される指標がないため、見込みを示していません（計画マスタの適用年度を直してください）`;
    return { label, class: NOT_COMPUTABLE, basis: `${NOT_COMPUTABLE}: ${why}`, paceText: '' };
  }
  const record = ctx.records.get(indicatorKey(inForce[0]!.no, inForce[0]!.name));
  if (!record) return null;
  const { class: cls, basis, paceText } = record.outlook;
  return { label, class: cls, basis, paceText };
}

/**
 * An indicator's block: a revised one (中間見直し) is one table whose years are each the version in force then, its
 * versions with their years and definitions, the changes worded as 達成状況 words them, and a chart per version.
 */
function indicatorOf(s: Series, notes: readonly string[], analysis: Analysis, settings: Settings, years: number[], year: number, internal: boolean, ctx: PageContext): ReportIndicator {
  const rowsOf = new Map(s.versions.map((v) => [v, new Map(analysis.rows.filter((r) => r.no === v.no && r.indicator === v.name).map((r) => [r.fiscalYear, r]))]));
  const revised = s.versions.length > 1;
  const inForce = versionsByYear(s, rowsOf, years);
  const cells = years.map((fy, k) => {
    const list = inForce[k]!;
    if (list.length === 1) return yearCell(rowsOf.get(list[0]!)!.get(fy), fy, year, internal, revised ? list[0]!.name : '', ctx);
    const cell = yearCell(undefined, fy, year, internal, '', ctx);
    // Two versions with figures in one year is a finding (検証結果); picking one of them would be a guess.
    if (list.length > 1) cell.note = `この年度は${list.map((v) => `「${v.name}」`).join('')}の適用年度が重なっているため、数値を載せていません（計画マスタの適用年度を直してください）`;
    return cell;
  });
  const latest = s.versions[s.versions.length - 1]!;
  const versions: ReportIndicatorVersion[] = revised
    ? s.versions.map((v) => ({ name: v.name, unit: v.unit, department: v.reportingDept, methodText: methodText(v), description: v.note, period: periodText(v, settings) }))
    : [];
  const charts = revised
    ? s.versions.map((v, i) => chartOf(v, cells, inForce.map((l) => l.length === 1 && l[0] === v), `${v.name}（${versions[i]!.period}）`, `${indicatorLabel(v)} の予定と実績の推移（${versions[i]!.period}）`))
    : [chartOf(latest, cells, cells.map(() => true), '', `${indicatorLabel(latest)} の予定と実績の推移`)];
  return {
    name: s.versions.map((v) => v.name).join(' → '),
    unit: latest.unit,
    department: latest.reportingDept,
    methodText: methodText(latest),
    description: latest.note,
    years: cells,
    versions,
    changes: [...notes],
    charts,
    expectedRows: cells.some((c) => c.expected !== ''),
    outlook: outlookOf(inForce[years.indexOf(year)] ?? [], ctx, year),
  };
}

function commentsOf(ind: Indicator, analysis: Analysis, years: number[]): ReportComment[] {
  const tab = analysis.tabs.find((t) => t.sheet === ind.reportingDept);
  const row = tab?.rows.find((r) => r.no === ind.no && r.name === ind.name);
  if (!row) return [];
  return years.flatMap((fy) => {
    const comment = cellText(row.comments.get(fy)?.value ?? '').trim();
    const cause = cellText(row.causes.get(fy)?.value ?? '').trim();
    const read = readDirection(row.directions.get(fy)?.value ?? '');
    const direction = read.kind === 'ok' ? read.value : read.kind === 'error' ? read.text.trim() : '';
    if (!comment && !cause && !direction) return [];
    const text = [comment, cause && `要因: ${cause}`, direction && `今後の方向性: ${direction}`].filter(Boolean).join('\n');
    return [{ department: ind.reportingDept, indicator: ind.name, fiscalYear: fy, yearLabel: fiscalYearBothEras(fy), text, ...(cause ? { cause } : {}), ...(direction ? { direction } : {}) }];
  });
}

function planPages(analysis: Analysis, settings: Settings, year: number, internal: boolean): ReportPlanPage[] {
  const years = planYears(settings);
  // The series as rollup reads them (its findings are already in analysis.findings), noted as 達成状況 notes them.
  const { series } = readSeries(analysis.indicators, settings);
  const notesOf = changeNotes(series, analysis.changes);
  // As of the report's year, which may be another than 設定's 評価年度 (planOutlook reads that as its as-of year):
  // the same function 達成状況 calls, so for the 評価年度 the page says what the sheet says.
  const outlook = planOutlook({ ...analysis, settings: { ...settings, evaluationYear: year } }, { cut: analysis.outlookRule?.cut });
  const ctx: PageContext = {
    rounding: analysis.outlookRule?.rounding,
    outlook,
    records: new Map(outlook.indicators.map((r) => [indicatorKey(r.no, r.indicator), r])),
  };
  const byNo = new Map<number, Indicator[]>();
  for (const ind of analysis.indicators.filter(isActive)) byNo.set(ind.no, [...(byNo.get(ind.no) ?? []), ind]);
  return [...byNo].sort(([a], [b]) => a - b).map(([no, inds]) => {
    const first = inds[0]!;
    const labels = new Set(inds.map((i) => indicatorLabel(i)));
    // 概要・目的・成果目標 are one value per plan No. (readMaster); a plan without them leaves them out.
    const text = first.planText;
    return {
      no,
      policy: first.policy,
      theme: first.theme,
      actionPlan: first.actionPlan,
      ...(text?.overview ? { overview: text.overview } : {}),
      ...(text?.purpose ? { purpose: text.purpose } : {}),
      ...(text?.outcome ? { outcome: text.outcome } : {}),
      ownerDepts: first.ownerDepts,
      relatedDepts: first.relatedDepts,
      indicators: series.filter((s) => s.no === no).map((s) => indicatorOf(s, notesOf.get(s.versions[0]!) ?? [], analysis, settings, years, year, internal, ctx)),
      comments: inds.flatMap((i) => commentsOf(i, analysis, years)),
      findings: internal
        ? analysis.findings.filter((f) => labels.has(f.indicator)).map((f) => `${severityLabel(f.severity)} ${f.sheet}${f.cell ? `!${f.cell}` : ''}: ${f.message}`)
        : [],
    };
  });
}

function planLine(x: Indicator): ReportPlanLine {
  return {
    no: x.no,
    actionPlan: x.name ? `${x.actionPlan}（指標「${x.name}」）` : x.actionPlan,
    state: x.state,
    reason: x.note || '（理由の記載なし）',
  };
}
