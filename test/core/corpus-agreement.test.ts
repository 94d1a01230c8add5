/**
 * One parser, four readers (issue 12, Deliver 4): for every value string of the municipal corpus
 * (test/support/corpus.ts), the sidebar's live feedback (checkEntry, what the page shows while typing), the rollup
 * (rollupJson's 達成状況 row: actual and status), 検証結果 (the findings written for that sheet and cell) and the
 * custom function JP_NUMBER give the same reading: a number, a status, or an error (= no number).
 *
 * All strings go into one plan: one indicator per string (its own No., so no siblings), 単位 = the entry's unit,
 * the 実績 of the evaluation year = the text, a bare target so the row is evaluated. The plan is rolled up once.
 *
 * JP_NUMBER has no unit argument and does not convert %: `30.7%` gives 30.7, as the rollup's actual in a % row.
 * Where the indicator's unit is read first (domain.md §3, docs/parser-rules.md), JP_NUMBER reads the text
 * without it: `1,204千人` gives 1,204,000 (人) where the rollup gives 1,204 (千人). Such a difference is accepted
 * only when the two readings are the same quantity (same base unit, value × magnitude equal) and is counted
 * apart; likewise a refusal that needs the indicator (a unit that is not the indicator's, 目標なし in 実績).
 */
import { initWorkbook, rollupJson, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import type { PlanInput } from '../../src/core/jobs';
import { jpNumberFormula } from '../../src/core/formulas';
import { readFindingsTable } from '../../src/core/layout/findings';
import { parseEntry } from '../../src/core/parse/entry';
import { formatValue } from '../../src/core/parse/format';
import { canonicalUnit } from '../../src/core/parse/units';
import { checkEntry } from '../../src/core/sidebar/entry-check';
import { deptForm } from '../../src/core/sidebar/service';
import { a1 } from '../../src/core/workbook';
import { valueEntries, type ValueEntry } from '../support/corpus';
import { MemoryWorkbook } from '../support/memory-workbook';
import { actualCell, otherCity, otherCityBook } from '../support/plans';

const FY = otherCity.settings.evaluationYear;

/** A reading: what a reader made of the text. */
type Reading = { kind: 'number'; shown: string } | { kind: 'status'; status: string } | { kind: 'error' } | { kind: 'empty' };
const describe_ = (r: Reading) => (r.kind === 'number' ? r.shown : r.kind === 'status' ? r.status : r.kind);

/** The value as the sidebar shows it (`約` for an estimate, the typographic minus). */
const shown = (value: number, unit: string, approx: boolean) => `${approx ? '約' : ''}${formatValue(value, unit).replace(/^-/, '−')}`;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** A unit as a base unit and a factor: 千人 = 1,000 人, 時間 = 60 分, 割 = 10 %. */
function scaled(unit: string | null): { base: string; factor: number } {
  const u = unit === null ? '' : canonicalUnit(unit);
  if (u === '時間') return { base: '分', factor: 60 };
  if (u === '割') return { base: '%', factor: 10 };
  for (const [prefix, factor] of [['百万', 1e6], ['千', 1e3], ['万', 1e4], ['億', 1e8]] as const)
    if (u.startsWith(prefix) && u.length > prefix.length) return { base: u.slice(prefix.length), factor };
  return { base: u, factor: 1 };
}

interface Case {
  entry: ValueEntry;
  at: string;
  dept: string;
  name: string;
  cell: string;
}

function buildPlan(entries: { file: string; index: number; entry: ValueEntry }[]) {
  const deptOf = (file: string) => `${file.replace(/^values-|\.json$/g, '')}課`;
  const cases: Case[] = entries.map(({ file, index, entry }, i) => ({
    entry, at: `${file}[${index}] ${JSON.stringify(entry.text)}`, dept: deptOf(file), name: `${entry.indicator ?? '指標'}#${i + 1}`, cell: '',
  }));
  const plan: PlanInput = {
    settings: otherCity.settings,
    master: cases.map((c, i) => ({
      no: i + 1, policy: 'コーパス', theme: 'コーパス', actionPlan: `コーパス${i + 1}`, name: c.name, unit: c.entry.unit ?? '',
      reportingDept: c.dept, ownerDepts: c.dept, relatedDepts: '', targets: { [FY]: 1 },
    })),
  };
  const book = new MemoryWorkbook();
  initWorkbook(book, plan);
  setupDepartmentTabs(book);
  for (const c of cases) {
    const { row, col } = actualCell(book, c.dept, c.name, FY);
    book.type(c.dept, row, col, c.entry.text);
    c.cell = a1(row, col);
  }
  return { book, cases };
}

const entries = valueEntries();

test('the corpus has value strings to check', () => {
  expect(entries.length).toBeGreaterThan(0);
});

describe('the sidebar, the rollup, 検証結果 and JP_NUMBER read every corpus string alike', () => {
  const { book, cases } = buildPlan(entries);
  const forms = new Map([...new Set(cases.map((c) => c.dept))].map((d) => [d, deptForm(book, d)]));
  const { analysis, counts } = rollupWorkbook(book);
  const summary = rollupJson(analysis, counts).summary;
  const written = readFindingsTable(book.readSheet('検証結果')!);
  const byDesign: string[] = [];
  const kinds = new Map<string, number>();

  /** Null when the four agree on the case, else what differs. */
  function disagreement(c: Case): string | null {
    const text = c.entry.text;
    const formRow = forms.get(c.dept)!.rows.find((r) => r.name === c.name);
    if (!formRow) return 'no row in the sidebar form';
    // 1. the sidebar
    const fb = checkEntry(text, formRow);
    const sidebar: Reading = fb.kind === 'number' ? { kind: 'number', shown: fb.understood } : fb.kind === 'status' ? { kind: 'status', status: fb.understood } : { kind: fb.kind };
    // 2. the rollup
    const row = summary.find((r) => r.indicator === c.name && r.fiscalYear === FY);
    const full = analysis.rows.find((r) => r.indicator === c.name && r.fiscalYear === FY);
    if (!row || !full) return 'no row in 達成状況';
    const rollup: Reading =
      row.status === '入力エラー' ? { kind: 'error' }
        : row.status === '未入力' ? { kind: 'empty' }
          : row.actual !== null ? { kind: 'number', shown: shown(row.actual, row.unit, full.note.split('／').includes('概数')) }
            : { kind: 'status', status: row.status };
    kinds.set(rollup.kind, (kinds.get(rollup.kind) ?? 0) + 1);
    if (describe_(sidebar) !== describe_(rollup)) return `sidebar ${describe_(sidebar)} ≠ rollup ${describe_(rollup)} (${row.status})`;
    if (rollup.kind === 'number' && !['評価済', '算定不能'].includes(row.status)) return `a number with status ${row.status}`;
    // 3. 検証結果: the same errors and warnings on that cell as the sidebar's messages
    const here = written.filter((f) => f.sheet === c.dept && f.cell === c.cell);
    const listed = here.map((f) => `${f.severity}:${f.message}`).sort();
    const told = fb.messages.map((m) => `${m.severity}:${m.message}`).sort();
    if (JSON.stringify(listed) !== JSON.stringify(told)) return `検証結果 ${JSON.stringify(listed)} ≠ sidebar ${JSON.stringify(told)}`;
    if (here.some((f) => f.severity === 'error') !== (sidebar.kind === 'error')) return `検証結果 error ≠ sidebar ${sidebar.kind}`;
    // 4. JP_NUMBER
    let jp: number | '' | 'error';
    try {
      const v = jpNumberFormula(text);
      if (v !== '' && typeof v !== 'number') return `JP_NUMBER gave ${JSON.stringify(v)}`;
      jp = v;
    } catch {
      jp = 'error';
    }
    const codes = analysis.findings.filter((f) => f.sheet === c.dept && f.cell === c.cell && f.severity === 'error').map((f) => f.code);
    const bare = parseEntry(text);
    const bareSeg = bare.segments.length === 1 ? bare.segments[0]! : null;
    if (rollup.kind === 'number') {
      if (jp === 'error') {
        // Refused without the unit, read with it: the unit-first rule (JP_NUMBER knows no unit).
        if (bare.findings.some((f) => f.severity === 'error') && !parseEntry(text, { unit: c.entry.unit }).findings.some((f) => f.severity === 'error')) {
          byDesign.push(`${c.at}: JP_NUMBER refuses it without the unit; the rollup reads ${rollup.shown}`);
          return null;
        }
        return `JP_NUMBER refuses what the rollup reads as ${rollup.shown}`;
      }
      if (jp === '') return `JP_NUMBER gives '' where the rollup reads ${rollup.shown}`;
      if (close(jp, row.actual!)) return null;
      // Another number: only the same quantity in the unit read without the indicator's unit.
      const mine = scaled(row.unit);
      const theirs = scaled(bareSeg?.kind === 'number' ? bareSeg.unit : null);
      if (bareSeg?.kind === 'number' && mine.base === theirs.base && close(jp * theirs.factor, row.actual! * mine.factor)) {
        byDesign.push(`${c.at}: JP_NUMBER ${jp} (${bareSeg.unit ?? ''}), the rollup ${row.actual} (${row.unit}): the unit is read first`);
        return null;
      }
      return `JP_NUMBER ${jp} ≠ rollup ${row.actual} ${row.unit}`;
    }
    if (rollup.kind === 'status') return jp === '' ? null : `JP_NUMBER ${jp} for the status ${rollup.status}`;
    if (rollup.kind === 'error') {
      if (jp === 'error') return null;
      // Errors JP_NUMBER cannot see: they need the indicator (its unit, the role of the cell).
      const needIndicator = ['unit-mismatch', 'no-target-in-actual'];
      if (codes.length > 0 && codes.every((k) => needIndicator.includes(k))) {
        byDesign.push(`${c.at}: JP_NUMBER gives ${jp === '' ? "''" : jp}; the rollup refuses it for the indicator (${codes.join(', ')})`);
        return null;
      }
      return `JP_NUMBER ${jp === '' ? "''" : jp} where the rollup refuses it (${codes.join(', ')})`;
    }
    return jp === '' ? null : `JP_NUMBER ${jp} for an empty reading`;
  }

  test('every string: one reading', () => {
    const bad = cases.flatMap((c) => {
      const d = disagreement(c);
      return d === null ? [] : [`${c.at} (単位 ${c.entry.unit ?? '—'}): ${d}`];
    });
    console.log(
      [
        `corpus agreement: ${cases.length} strings checked by the sidebar, the rollup, 検証結果 and JP_NUMBER; disagreements ${bad.length}` +
          ` (readings: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`,
        `  JP_NUMBER differs by design (no unit argument) on ${byDesign.length}:`,
        ...byDesign.map((s) => `    ${s}`),
      ].join('\n'),
    );
    expect(bad).toEqual([]);
    // Every string was read, and the corpus reaches numbers, statuses and errors alike.
    expect([...kinds.values()].reduce((a, b) => a + b, 0)).toBe(cases.length);
    for (const k of ['number', 'status', 'error']) expect(kinds.get(k) ?? 0).toBeGreaterThan(0);
  });

  test('each string sits in its own 実績 cell', () => {
    for (const c of cases) expect(book.cell(c.dept, book.find(c.dept, c.name).row, book.find(c.dept, `${FY}年度 実績`).col)).toBe(c.entry.text);
  });
});

describe('the disagreement it found: a value for this indicator next to an unknown label', () => {
  // Before the fix the rollup and the sidebar used 46,000 while 検証結果 listed an error on the cell.
  test('年間残業時間 46,000時間 休日出勤 300時間 is refused by all four readers', () => {
    const book = otherCityBook();
    const text = '年間残業時間 46,000時間 休日出勤 300時間';
    const { row, col } = actualCell(book, '人事課', '年間残業時間', FY);
    book.type('人事課', row, col, text);
    const formRow = deptForm(book, '人事課').rows.find((r) => r.name === '年間残業時間')!;
    expect(checkEntry(text, formRow)).toMatchObject({ kind: 'error', understood: '' });
    const { analysis, counts } = rollupWorkbook(book);
    expect(rollupJson(analysis, counts).summary.find((r) => r.indicator === '年間残業時間' && r.fiscalYear === FY))
      .toMatchObject({ status: '入力エラー', actual: null, rate: null });
    expect(readFindingsTable(book.readSheet('検証結果')!)).toContainEqual(
      expect.objectContaining({ severity: 'error', sheet: '人事課', cell: a1(row, col), message: expect.stringContaining('休日出勤') }));
    expect(() => jpNumberFormula(text)).toThrow();
  });

  test('a unit with a magnitude is the same quantity as the base unit times it', () => {
    expect(scaled('千人')).toEqual({ base: '人', factor: 1e3 });
    expect(scaled('百万円')).toEqual({ base: '円', factor: 1e6 });
    expect(scaled('時間')).toEqual({ base: '分', factor: 60 });
    expect(scaled('件')).toEqual({ base: '件', factor: 1 });
    expect(scaled(null)).toEqual({ base: '', factor: 1 });
  });
});
