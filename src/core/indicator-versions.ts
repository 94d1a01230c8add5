/**
 * Versions of an indicator (中間見直し): a plan revised mid-term keeps judging each year against the indicator that
 * was in force that year, and says where the definition changed and on what decision.
 *
 * Design (the smallest model that keeps every existing book and entry as it is):
 * - A version is an ordinary 計画マスタ row (its own 指標名, 単位, 予定, 報告部門 and department-tab row) with the
 *   optional columns 適用開始年度・適用終了年度 (the years it is in force; empty: open to the plan's first or last
 *   year), 改定前の指標 (the 指標名 of the version it replaces, under the same No.) and 改定根拠 (the meeting and day
 *   the change was decided). Rows chained by 改定前の指標 are one series: one indicator as a council sees it.
 * - Why rows and not one row with two definitions: entries are keyed by No. and 指標名 (department tabs, closed-year
 *   snapshots, department files), so a version keeps its own entries, nothing typed is ever moved or lost, and a
 *   master without the columns (or a row that leaves them empty) is read exactly as before: in force every year.
 * - Rollup judges a year only against the version in force: another version's 予定 or 実績 for that year is a
 *   warning on its cell and is not used; the department tab keeps those cells but makes them read-only.
 * - A year inside a series with no version in force, or with two, is a finding on the 適用開始年度 cell (two: both
 *   are still shown, since picking one would be a guess).
 * - A closed year stays as published: where its snapshot holds a version of a series, that version stays the one
 *   in force for the year, whatever 適用年度 says now, and the difference is an error (closed-years.ts compares the
 *   figures as before).
 * - 達成状況 notes each row of a series 「令和4年度に指標変更（申込み → 電子化率、改定根拠: …）」 and lists every
 *   change with both definitions (名称・単位・備考・適用年度); --json has the same (rows' `revision`, `changes`).
 * - The year's lists (提出状況's 指標数, the sidebar's form, the board, 督促 mails) hold only the versions in force.
 * - 適用年度 is never inferred from where the 予定 are: a year without 予定 may still be a version's (未入力 is a
 *   figure too), and a guessed range would move published judgements silently.
 */
import { indicatorLabel, isActive } from './layout/master';
import { SHEET } from './layout/sheet-names';
import type { Finding, Indicator, IndicatorVersion, Settings } from './model';
import { eraLabel, formatFiscalYear } from './parse/fiscal-year';
import { a1 } from './workbook';

/** One indicator as a council sees it: its versions in order, each revising the one before. */
export interface Series {
  no: number;
  versions: Indicator[];
}

/** What one version says, for 達成状況 and --json. */
export interface VersionInfo {
  name: string;
  unit: string;
  /** The row's 備考 (how the indicator is measured, in the demo). */
  definition: string;
  from: number | null;
  to: number | null;
  /** 適用年度 in words: 2019年度〜2021年度, 2023年度のみ, 2022年度から, 2021年度まで, 全期間. */
  range: string;
}

/** A change of a plan's indicator: a version replacing another, or an indicator added by a revision. */
export interface IndicatorChange {
  no: number;
  actionPlan: string;
  kind: '変更' | '追加';
  /** The first year of the new version; null when its 適用年度 does not say (a finding says so). */
  fiscalYear: number | null;
  before: VersionInfo | null;
  after: VersionInfo;
  basis: string;
  /** 「令和4年度に指標変更（申込み → 電子化率、改定根拠: …）」 */
  text: string;
}

/** Whether a version is in force in a year; a row without version columns is in force every year. */
export function versionCovers(version: IndicatorVersion | undefined, fy: number): boolean {
  if (!version) return true;
  return (version.from === null || fy >= version.from) && (version.to === null || fy <= version.to);
}

export function rangeText(version: IndicatorVersion | undefined): string {
  const from = version?.from ?? null;
  const to = version?.to ?? null;
  if (from !== null && from === to) return `${formatFiscalYear(from)}のみ`;
  if (from !== null && to !== null) return `${formatFiscalYear(from)}〜${formatFiscalYear(to)}`;
  if (from !== null) return `${formatFiscalYear(from)}から`;
  if (to !== null) return `${formatFiscalYear(to)}まで`;
  return '全期間';
}

/**
 * The series of the active indicators (chained by 改定前の指標 under one No.), in master order, and the findings
 * about the chain and the years: a 改定前の指標 that names no indicator, forks and loops, reversed ranges, years
 * with no version in force or with two, 予定 outside the version's years, and a change without 改定根拠.
 */
export function readSeries(indicators: readonly Indicator[], settings: Pick<Settings, 'firstYear' | 'lastYear'>): { series: Series[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const f = (severity: Finding['severity'], code: string, cell: string, ind: Indicator, message: string) =>
    findings.push({ severity, code, sheet: SHEET.master, cell, indicator: indicatorLabel(ind), message });
  const active = indicators.filter(isActive);
  const prevOf = new Map<Indicator, Indicator>();
  const nextOf = new Map<Indicator, Indicator>();
  for (const ind of active) {
    const v = ind.version;
    if (!v) continue;
    if (v.from !== null && v.to !== null && v.from > v.to)
      f('error', 'version-range-reversed', v.cells.from, ind, `適用開始年度（${formatFiscalYear(v.from)}）が適用終了年度（${formatFiscalYear(v.to)}）より後です。どの年度にも適用されません`);
    if (!v.previous) continue;
    const same = active.filter((o) => o.no === ind.no && o !== ind);
    const prev = same.find((o) => o.name === v.previous);
    if (v.previous === ind.name) f('error', 'version-previous-self', v.cells.previous, ind, `改定前の指標にこの行自身の指標名「${v.previous}」が書かれています。改定前の指標の指標名を書いてください`);
    else if (!prev)
      f('error', 'version-previous-missing', v.cells.previous, ind, `改定前の指標「${v.previous}」は No.${ind.no} の指標（実施中・完了）にありません${same.length ? `（No.${ind.no} の指標: ${same.map((o) => `「${o.name}」`).join('')}）` : ''}。別々の指標として扱います`);
    else if (nextOf.has(prev))
      f('error', 'version-fork', v.cells.previous, ind, `「${prev.name}」は ${SHEET.master}!${nextOf.get(prev)!.version!.cells.previous} の「${nextOf.get(prev)!.name}」の改定前の指標にもなっています。1つの指標を改定できるのは1つの指標だけです。別々の指標として扱います`);
    else if (chainReaches(prev, ind, prevOf))
      f('error', 'version-cycle', v.cells.previous, ind, `改定前の指標をたどると「${ind.name}」に戻ります（循環しています）。別々の指標として扱います`);
    else {
      prevOf.set(ind, prev);
      nextOf.set(prev, ind);
    }
  }
  const series: Series[] = [];
  for (const head of active.filter((i) => !prevOf.has(i))) {
    const versions = [head];
    for (let n = nextOf.get(head); n; n = nextOf.get(n)) versions.push(n);
    series.push({ no: head.no, versions });
  }

  for (const s of series) {
    if (s.versions.every((i) => !i.version)) continue;
    const first = s.versions[0]!.version?.from ?? settings.firstYear;
    const last = s.versions[s.versions.length - 1]!.version?.to ?? settings.lastYear;
    const years: { fy: number; inForce: Indicator[] }[] = [];
    for (let fy = Math.max(first, settings.firstYear); fy <= Math.min(last, settings.lastYear); fy++)
      years.push({ fy, inForce: s.versions.filter((i) => versionCovers(i.version, fy)) });
    // One finding per run of years with the same trouble (a gap, or the same versions overlapping).
    for (let k = 0; k < years.length; k++) {
      const { fy, inForce } = years[k]!;
      if (inForce.length === 1) continue;
      const key = (list: Indicator[]) => list.map((i) => i.row).join(',');
      let end = k;
      while (end + 1 < years.length && key(years[end + 1]!.inForce) === key(inForce)) end++;
      const span = end === k ? formatFiscalYear(fy) : `${formatFiscalYear(fy)}〜${formatFiscalYear(years[end]!.fy)}`;
      const describe = (list: Indicator[]) => list.map((i) => `「${i.name}」は${rangeText(i.version)}`).join('、');
      if (inForce.length === 0) {
        const after = s.versions.find((i) => (i.version?.from ?? settings.firstYear) > fy) ?? s.versions[s.versions.length - 1]!;
        const before = s.versions.filter((i) => i !== after && (i.version?.to ?? settings.lastYear) < fy).slice(-1);
        f('error', 'version-gap', cellOf(after), after, `${span}に適用される指標がありません（${describe([...before, after])}）。適用開始年度・適用終了年度をつなげてください。この年度は評価しません`);
      } else {
        const later = inForce[inForce.length - 1]!;
        f('error', 'version-overlap', cellOf(later), later, `${span}に適用される指標が${inForce.length}つあります（${describe(inForce)}）。適用開始年度・適用終了年度が重ならないようにしてください。重なる年度はどちらも集計しています`);
      }
      k = end;
    }
  }

  for (const ind of active) {
    const v = ind.version;
    if (!v) continue;
    for (const [fy, cell] of ind.targets)
      if (!versionCovers(v, fy))
        f('warning', 'version-target-out-of-range', a1(cell.row, cell.col), ind, `${formatFiscalYear(fy)}の予定がありますが、この指標の適用年度（${rangeText(v)}）の外です。集計に使いません（適用年度を直すか、この予定を消してください）`);
    if (prevOf.has(ind) && !v.basis)
      f('warning', 'version-basis-missing', v.cells.basis, ind, `「${prevOf.get(ind)!.name}」からの指標変更ですが、改定根拠（決定した会議と日付）がありません`);
  }
  return { series, findings };
}

/** Whether walking back from `from` along 改定前の指標 reaches `target` (linking would close a loop). */
function chainReaches(from: Indicator, target: Indicator, prevOf: ReadonlyMap<Indicator, Indicator>): boolean {
  for (let i: Indicator | undefined = from; i; i = prevOf.get(i)) if (i === target) return true;
  return false;
}

/** Where a finding about a version's years points: its 適用開始年度 cell, or its 指標名's row when it has none. */
function cellOf(ind: Indicator): string {
  return ind.version?.cells.from ?? a1(ind.row, 1);
}

function info(ind: Indicator): VersionInfo {
  return { name: ind.name, unit: ind.unit, definition: ind.note, from: ind.version?.from ?? null, to: ind.version?.to ?? null, range: rangeText(ind.version) };
}

/**
 * The changes of every series: each version after the first (変更), and a first version a revision added
 * (追加: it starts after the plan's first year and names its 改定根拠).
 */
export function indicatorChanges(series: readonly Series[], settings: Pick<Settings, 'firstYear'>): IndicatorChange[] {
  const out: IndicatorChange[] = [];
  for (const s of series) {
    const head = s.versions[0]!;
    const hv = head.version;
    if (hv?.basis && hv.from !== null && hv.from > settings.firstYear)
      out.push(change(head, null, '追加', hv.from));
    s.versions.slice(1).forEach((ind, k) => {
      const prev = s.versions[k]!;
      const fy = ind.version?.from ?? (prev.version?.to != null ? prev.version.to + 1 : null);
      out.push(change(ind, prev, '変更', fy));
    });
  }
  return out;
}

function change(ind: Indicator, prev: Indicator | null, kind: IndicatorChange['kind'], fy: number | null): IndicatorChange {
  const basis = ind.version?.basis ?? '';
  const what = prev ? `${prev.name} → ${ind.name}` : ind.name;
  const text = `${fy === null ? '' : `${eraLabel(fy)}に`}指標${kind}（${what}、${basis ? `改定根拠: ${basis}` : '改定根拠なし'}）`;
  return { no: ind.no, actionPlan: ind.actionPlan, kind, fiscalYear: fy, before: prev && info(prev), after: info(ind), basis, text };
}

/** Per indicator of a series with changes, the notes its rows in 達成状況 carry (every change of its series). */
export function changeNotes(series: readonly Series[], changes: readonly IndicatorChange[]): Map<Indicator, string[]> {
  const out = new Map<Indicator, string[]>();
  for (const s of series) {
    const names = new Set(s.versions.map((i) => i.name));
    const mine = changes.filter((c) => c.no === s.no && names.has(c.after.name)).map((c) => c.text);
    if (mine.length) for (const i of s.versions) out.set(i, mine);
  }
  return out;
}
