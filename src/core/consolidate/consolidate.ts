/**
 * Many cities into one: the cities' rows stacked, grades counted by city, by 基本方針 and by year across cities, and
 * what each city lacks. Works on CityRecords (city.ts), never on whole books.
 */
import { UNGRADED_STATUSES } from '../analyze';
import { formatFiscalYear } from '../parse/fiscal-year';
import type { CityRecord, CityRow, Lack } from './city';

/** A book that could not be read, with the Japanese reason. */
export interface Unreadable {
  source: string;
  message: string;
}

export interface CountLine {
  key: string;
  counts: Record<string, number>;
  total: number;
}

export interface CityLine extends CountLine {
  city: CityRecord;
  /** The city's own lacks and those found against the other cities (plan period, scale). */
  lacks: Lack[];
}

export interface Consolidation {
  /** Grade columns (every city's grades, in order of first appearance), then the ungraded statuses. */
  columns: string[];
  /** Per city, its 評価年度's rows counted. */
  byCity: CityLine[];
  /** Across cities, each city's 評価年度 rows, by the 基本方針 as written. */
  byPolicy: CountLine[];
  /** Across cities, every row, by fiscal year. */
  byYear: CountLine[];
  /** The plan period most cities have (`2019–2023`), against which a different one is a lack. */
  commonPeriod: { firstYear: number; lastYear: number } | null;
  unreadable: Unreadable[];
}

const periodKey = (c: { firstYear: number; lastYear: number }) => `${c.firstYear}-${c.lastYear}`;
const scaleKey = (c: CityRecord) => c.grades.join('/');

/** The value most cities share (the first seen among equals); null without cities. */
function mostCommon<T>(items: readonly T[], key: (t: T) => string): T | null {
  const n = new Map<string, { item: T; count: number }>();
  for (const t of items) {
    const k = key(t);
    const e = n.get(k);
    if (e) e.count++;
    else n.set(k, { item: t, count: 1 });
  }
  let best: { item: T; count: number } | null = null;
  for (const e of n.values()) if (!best || e.count > best.count) best = e;
  return best?.item ?? null;
}

const countKey = (r: CityRow) => (r.status === '評価済' ? r.grade : r.status);

function counter(columns: readonly string[]) {
  const lines = new Map<string, CountLine>();
  return {
    add(key: string, r: CityRow): void {
      let l = lines.get(key);
      if (!l) lines.set(key, (l = { key, counts: Object.fromEntries(columns.map((c) => [c, 0])), total: 0 }));
      const c = countKey(r);
      // A status outside the known list would be a new one in analyze.ts: counted, never dropped.
      l.counts[c] = (l.counts[c] ?? 0) + 1;
      l.total++;
    },
    lines: () => [...lines.values()],
  };
}

export function consolidate(cities: readonly CityRecord[], unreadable: readonly Unreadable[] = []): Consolidation {
  const grades: string[] = [];
  for (const c of cities) for (const g of c.grades) if (!grades.includes(g)) grades.push(g);
  const columns = [...grades, ...UNGRADED_STATUSES.filter((s) => !grades.includes(s))];
  const common = mostCommon(cities, periodKey);
  const commonScale = mostCommon(cities, scaleKey);
  const byPolicy = counter(columns);
  const byYear = counter(columns);
  const sources = new Map<string, string[]>();
  for (const c of cities) if (c.code) sources.set(c.code, [...(sources.get(c.code) ?? []), c.source]);
  const byCity: CityLine[] = cities.map((city) => {
    const own = counter(columns);
    for (const r of city.rows) {
      byYear.add(String(r.fiscalYear), r);
      if (r.fiscalYear !== city.evaluationYear) continue;
      own.add(city.code, r);
      byPolicy.add(r.policy || '（基本方針なし）', r);
    }
    const lacks = [...city.lacks];
    if (common && periodKey(city) !== periodKey(common))
      lacks.push({ kind: 'period-differs', message: `計画期間（${formatFiscalYear(city.firstYear)}〜${formatFiscalYear(city.lastYear)}）がほかの多くの団体（${formatFiscalYear(common.firstYear)}〜${formatFiscalYear(common.lastYear)}）と異なります` });
    if (commonScale && scaleKey(city) !== scaleKey(commonScale))
      lacks.push({ kind: 'scale-differs', message: `評価基準（${city.grades.join('・')}）がほかの多くの団体（${commonScale.grades.join('・')}）と異なります。評価の件数は記号ごとにそのまま数えています` });
    const same = (sources.get(city.code) ?? []).filter((s) => s !== city.source);
    if (same.length) lacks.push({ kind: 'code-duplicate', message: `団体コード ${city.code} がほかのファイル（${same.join('、')}）と同じです。同じ団体が二重に数えられていないか確かめてください` });
    const line = own.lines()[0] ?? { key: city.code, counts: Object.fromEntries(columns.map((c) => [c, 0])), total: 0 };
    return { ...line, city, lacks };
  });
  const years = byYear.lines().sort((a, b) => Number(a.key) - Number(b.key)).map((l) => ({ ...l, key: formatFiscalYear(Number(l.key)) }));
  return {
    columns,
    byCity,
    byPolicy: byPolicy.lines(),
    byYear: years,
    commonPeriod: common && { firstYear: common.firstYear, lastYear: common.lastYear },
    unreadable: [...unreadable],
  };
}
