/**
 * The municipal corpus (issue 12, Deliver 3): value strings and fiscal-year labels taken from public Japanese
 * municipal and prefectural documents, with the reading a coordinator would give them.
 *
 * Every test/fixtures/municipal/*.json is an array of value entries, except fiscal-years.json (labels). Each
 * entry is checked for its schema, then parsed (parseEntry with the indicator's unit, parseFiscalYear for
 * labels) and compared with `expect`. An entry may carry `"known": "reason"`: a failure accepted for now. The
 * test fails when an entry without `known` fails, and when an entry with `known` passes (remove the mark then).
 * Pass rates by category and overall, and the known failures, are printed. Zero files is a valid corpus.
 *
 * A value passes when there is no error finding and exactly one segment: the number (relative 1e-9) in the
 * expected unit (canonicalUnit; expect.unit null = the entry's unit; a bare number takes the entry's unit; no unit
 * is checked when both are null), approximate when `approx: true`, with the comparator when `comparator` is given.
 * A status passes with one status segment and no error; an expected error with an error finding and no number.
 * A label passes when parseFiscalYear gives the expected year (warnings allowed) or null.
 */
import { parseEntry } from '../../src/core/parse/entry';
import { parseFiscalYear } from '../../src/core/parse/fiscal-year';
import type { EntryParse, NumberSegment } from '../../src/core/parse/types';
import { canonicalUnit } from '../../src/core/parse/units';
import {
  CATEGORIES, COMPARATORS, FY_FILE, files, labelEntryProblems, load, valueEntryProblems, valueFiles,
  type Expect, type LabelEntry, type ValueEntry,
} from '../support/corpus';

// ---- readings ----

const unitOf = (u: string | null | undefined): string | null => (u === null || u === undefined || u.trim() === '' ? null : canonicalUnit(u));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const describeParse = (r: EntryParse): string => {
  if (r.empty) return '未入力';
  const segs = r.segments.map((s) =>
    s.kind === 'number'
      ? `${s.value}${s.unit ?? ''}${s.approx ? ' (approx)' : ''}${s.comparator ? ` ${s.comparator}` : ''}`
      : s.status,
  );
  return [...segs, ...r.findings.map((f) => `${f.severity}:${f.code}`)].join(', ') || 'nothing';
};

/** Null when the parser reads the entry as expected, else what it read instead. */
function valueMismatch(e: ValueEntry): string | null {
  const r = parseEntry(e.text, { unit: e.unit });
  const got = describeParse(r);
  const hasError = r.findings.some((f) => f.severity === 'error');
  const numbers = r.segments.filter((s): s is NumberSegment => s.kind === 'number');
  const x = e.expect;
  if ('error' in x) return hasError && numbers.length === 0 ? null : `expected an error, got ${got}`;
  // An error finding means no number, whatever the segments say.
  if (hasError) return `got an error: ${got}`;
  if (r.segments.length !== 1) return `expected one reading, got ${got}`;
  const seg = r.segments[0]!;
  if ('status' in x) return seg.kind === 'status' && seg.status === x.status ? null : `expected ${x.status}, got ${got}`;
  if (seg.kind !== 'number') return `expected ${x.value}, got ${got}`;
  const want = unitOf(x.unit ?? e.unit);
  // A bare number takes the indicator's unit (domain.md §3).
  const have = unitOf(seg.unit ?? e.unit);
  if (!close(seg.value, x.value) || (want !== null && have !== want)) return `expected ${x.value}${want ?? ''}, got ${got}`;
  if (e.approx === true && !seg.approx) return `expected an approximate reading, got ${got}`;
  if (e.comparator !== undefined && seg.comparator !== (e.comparator === null ? null : COMPARATORS[e.comparator])) return `expected comparator ${e.comparator}, got ${got}`;
  return null;
}

function labelMismatch(e: LabelEntry): string | null {
  const r = parseFiscalYear(e.text);
  if (r.fy === e.expect) return null;
  return `expected ${e.expect === null ? 'an error' : `FY${e.expect}`}, got ${r.fy === null ? r.findings.map((f) => f.code).join(',') : `FY${r.fy}`}`;
}

// ---- the run ----

interface Tally {
  pass: number;
  total: number;
}
const byCategory = new Map<string, Tally>();
const knownFailures: string[] = [];
const count = (key: string, ok: boolean) => {
  const t = byCategory.get(key) ?? { pass: 0, total: 0 };
  t.total++;
  if (ok) t.pass++;
  byCategory.set(key, t);
};

/** Checks the readings of one file's entries; returns the unexpected results (failures without known, passes with it). */
function run<E extends { text: string; known?: string }>(file: string, entries: E[], category: (e: E) => string, mismatch: (e: E) => string | null): string[] {
  const bad: string[] = [];
  entries.forEach((e, i) => {
    const m = mismatch(e);
    count(category(e), m === null);
    const at = `${file}[${i}] ${JSON.stringify(e.text)}`;
    if (m !== null && e.known === undefined) bad.push(`${at}: ${m}`);
    else if (m !== null) knownFailures.push(`${at}: ${m} — known: ${e.known}`);
    else if (e.known !== undefined) bad.push(`${at}: passes now; remove its "known" mark (${e.known})`);
  });
  return bad;
}

test('the corpus directory is readable (zero files is a valid corpus)', () => {
  expect(Array.isArray(files)).toBe(true);
  if (files.length === 0) console.log('corpus: no files in test/fixtures/municipal yet');
});

for (const file of valueFiles) describe(`values: ${file}`, () => {
  const data = load(file);
  test('is an array of well-formed entries', () => {
    expect(Array.isArray(data)).toBe(true);
    const problems = (data as unknown[]).flatMap((e, i) => valueEntryProblems(e).map((p) => `[${i}] ${p}`));
    expect(problems).toEqual([]);
  });
  test('reads every entry as expected', () => {
    if (!Array.isArray(data)) return;
    const ok = (data as unknown[]).filter((e) => valueEntryProblems(e).length === 0) as ValueEntry[];
    expect(run(file, ok, (e) => e.category, valueMismatch)).toEqual([]);
  });
});

if (files.includes(FY_FILE)) describe(`fiscal-year labels: ${FY_FILE}`, () => {
  const file = FY_FILE;
  const data = load(file);
  test('is an array of well-formed entries', () => {
    expect(Array.isArray(data)).toBe(true);
    const problems = (data as unknown[]).flatMap((e, i) => labelEntryProblems(e).map((p) => `[${i}] ${p}`));
    expect(problems).toEqual([]);
  });
  test('reads every label as expected', () => {
    if (!Array.isArray(data)) return;
    const ok = (data as unknown[]).filter((e) => labelEntryProblems(e).length === 0) as LabelEntry[];
    expect(run(file, ok, () => '年度ラベル', labelMismatch)).toEqual([]);
  });
});

describe('the runner itself', () => {
  const entry = (text: string, expectation: Expect, unit: string | null = null, extra: Partial<ValueEntry> = {}): ValueEntry => ({
    text, unit, category: '行政評価', source: { url: 'https://example.jp/' }, expect: expectation, ...extra,
  });
  test('compares values, units (canonical; null = the indicator\'s), statuses and errors', () => {
    expect(valueMismatch(entry('1,730件', { value: 1730, unit: '件' }))).toBeNull();
    expect(valueMismatch(entry('1730', { value: 1730, unit: null }, '件'))).toBeNull();
    expect(valueMismatch(entry('30.7パーセント', { value: 30.7, unit: '%' }))).toBeNull();
    expect(valueMismatch(entry('1,730件', { value: 1731, unit: '件' }))).toMatch(/expected 1731件/);
    expect(valueMismatch(entry('1,730人', { value: 1730, unit: null }, '件'))).not.toBeNull();
    expect(valueMismatch(entry('未測定', { status: '未測定' }))).toBeNull();
    expect(valueMismatch(entry('未測定', { value: 0 }))).not.toBeNull();
    expect(valueMismatch(entry('1,73件', { error: 'bad grouping' }))).toBeNull();
    expect(valueMismatch(entry('1,730件', { error: 'should be refused' }))).toMatch(/expected an error/);
    expect(valueMismatch(entry('約1,730件', { value: 1730, unit: '件' }, null, { approx: true }))).toBeNull();
    expect(valueMismatch(entry('1,730件', { value: 1730, unit: '件' }, null, { approx: true }))).toMatch(/approximate/);
    expect(valueMismatch(entry('30%以上', { value: 30, unit: '%' }, null, { comparator: '以上' }))).toBeNull();
    expect(valueMismatch(entry('30%', { value: 30, unit: '%' }, null, { comparator: '以上' }))).toMatch(/comparator/);
  });
  test('checks the schema', () => {
    expect(valueEntryProblems(entry('1件', { value: 1 }))).toEqual([]);
    expect(valueEntryProblems({ ...entry('1件', { value: 1 }), source: { url: 'sample' } })).toEqual([expect.stringMatching(/source.url/)]);
    expect(valueEntryProblems({ ...entry('1件', { value: 1 }), category: '不明' })).toEqual([expect.stringMatching(/category/)]);
    expect(valueEntryProblems(entry('1件', { value: 1, status: '未測定' } as unknown as Expect))).toEqual([expect.stringMatching(/exactly one/)]);
    expect(valueEntryProblems(entry('1件', { status: '不明' }))).toEqual([expect.stringMatching(/expect.status/)]);
    expect(labelEntryProblems({ text: '令和4年度', source: { url: 'https://example.jp/' }, expect: 2022 })).toEqual([]);
    expect(labelEntryProblems({ text: '令和4年度', source: { url: 'https://example.jp/' }, expect: '2022' })).toHaveLength(1);
  });
  test('a known failure that passes is reported, and one that fails is listed', () => {
    const before = knownFailures.length;
    expect(run('t', [entry('1,730件', { value: 1730, unit: '件' }, null, { known: 'x' })], () => 't', valueMismatch)).toEqual([
      expect.stringMatching(/remove its "known" mark/),
    ]);
    expect(run('t', [entry('1,730件', { value: 1, unit: '件' }, null, { known: 'x' })], () => 't', valueMismatch)).toEqual([]);
    expect(knownFailures.length).toBe(before + 1);
    knownFailures.pop();
    byCategory.delete('t');
  });
});

afterAll(() => {
  const rate = (t: Tally) => `${t.pass}/${t.total} (${t.total ? ((100 * t.pass) / t.total).toFixed(1) : '—'}%)`;
  const values = [...byCategory].filter(([k]) => k !== '年度ラベル');
  const all = values.reduce((a, [, t]) => ({ pass: a.pass + t.pass, total: a.total + t.total }), { pass: 0, total: 0 });
  const lines = [
    'corpus pass rate by category:',
    ...CATEGORIES.filter((c) => byCategory.has(c)).map((c) => `  ${c}: ${rate(byCategory.get(c)!)}`),
    `  values overall: ${rate(all)}`,
    ...(byCategory.has('年度ラベル') ? [`  fiscal-year labels: ${rate(byCategory.get('年度ラベル')!)}`] : []),
    `known failures (${knownFailures.length}):`,
    ...knownFailures.map((k) => `  ${k}`),
  ];
  console.log(lines.join('\n'));
});
