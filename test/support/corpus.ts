/**
 * The municipal corpus (test/fixtures/municipal/*.json, issue 12): its files, entry types and schema, shared by
 * the corpus tests (corpus.test.ts reads each entry with the parser; corpus-agreement.test.ts checks that every
 * reader of an entry gives the same reading). The one loader of the corpus.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NumberSegment } from '../../src/core/parse/types';

export const DIR = join(__dirname, '..', 'fixtures', 'municipal');
export const FY_FILE = 'fiscal-years.json';

export const CATEGORIES = ['行政評価', '事務事業評価', '総合戦略KPI', 'DX計画', '施策評価', 'その他計画'] as const;
export const STATUSES = ['未測定', '対象外', '中止', '完了', '目標なし'] as const;
export const COMPARATORS: Record<string, NumberSegment['comparator']> = { 維持: '=', 以上: '>=', 以下: '<=', 未満: '<', 超: '>' };

export type Expect = { value: number; unit?: string | null } | { status: string } | { error: string };

export interface ValueEntry {
  text: string;
  unit: string | null;
  indicator?: string | null;
  category: string;
  source: { title?: string; url: string };
  expect: Expect;
  approx?: boolean;
  comparator?: string | null;
  why?: string;
  known?: string;
}

export interface LabelEntry {
  text: string;
  source: { title?: string; url: string };
  expect: number | null;
  why?: string;
  known?: string;
}

export const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.json')).sort() : [];
export const valueFiles = files.filter((f) => f !== FY_FILE);
export const load = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown;

// ---- schema ----

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStrOrNull = (x: unknown) => x === null || typeof x === 'string';
const isNonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';

function sourceProblems(x: unknown): string[] {
  if (!isObj(x)) return ['source is not an object'];
  const p: string[] = [];
  if (!isNonEmpty(x.url) || !/^https?:\/\/\S+$/.test(x.url)) p.push(`source.url ${JSON.stringify(x.url)} is not a public http(s) address`);
  if (x.title !== undefined && typeof x.title !== 'string') p.push('source.title is not a string');
  return p;
}

const commonProblems = (e: Record<string, unknown>): string[] => [
  ...(typeof e.text === 'string' ? [] : ['text is not a string']),
  ...sourceProblems(e.source),
  ...(e.why === undefined || typeof e.why === 'string' ? [] : ['why is not a string']),
  ...(e.known === undefined || isNonEmpty(e.known) ? [] : ['known must give the reason']),
];

/** What is wrong with a value entry's shape (empty when it is well-formed). */
export function valueEntryProblems(e: unknown): string[] {
  if (!isObj(e)) return ['not an object'];
  const p = commonProblems(e);
  if (!('unit' in e) || !isStrOrNull(e.unit)) p.push('unit must be a string or null');
  if (e.indicator !== undefined && !isStrOrNull(e.indicator)) p.push('indicator must be a string or null');
  if (!(CATEGORIES as readonly unknown[]).includes(e.category)) p.push(`category ${JSON.stringify(e.category)} is not one of ${CATEGORIES.join(' ')}`);
  if (e.approx !== undefined && typeof e.approx !== 'boolean') p.push('approx must be a boolean');
  if (e.comparator !== undefined && e.comparator !== null && !(typeof e.comparator === 'string' && e.comparator in COMPARATORS))
    p.push(`comparator ${JSON.stringify(e.comparator)} is not one of ${Object.keys(COMPARATORS).join(' ')}`);
  const x = e.expect;
  if (!isObj(x)) return [...p, 'expect is not an object'];
  const kinds = ['value', 'status', 'error'].filter((k) => k in x);
  if (kinds.length !== 1) return [...p, 'expect must hold exactly one of value, status, error'];
  if ('value' in x) {
    if (typeof x.value !== 'number' || !Number.isFinite(x.value)) p.push('expect.value is not a finite number');
    if (x.unit !== undefined && !isStrOrNull(x.unit)) p.push('expect.unit must be a string or null');
  }
  if ('status' in x && !(STATUSES as readonly unknown[]).includes(x.status)) p.push(`expect.status ${JSON.stringify(x.status)} is not one of ${STATUSES.join(' ')}`);
  if ('error' in x && !isNonEmpty(x.error)) p.push('expect.error must say why the text is refused');
  return p;
}

export function labelEntryProblems(e: unknown): string[] {
  if (!isObj(e)) return ['not an object'];
  const p = commonProblems(e);
  if (!('expect' in e) || !(e.expect === null || (typeof e.expect === 'number' && Number.isInteger(e.expect))))
    p.push('expect must be a fiscal year (integer) or null');
  return p;
}

/** The well-formed value entries of every value file, with the file and index they come from. */
export function valueEntries(): { file: string; index: number; entry: ValueEntry }[] {
  return valueFiles.flatMap((file) => {
    const data = load(file);
    if (!Array.isArray(data)) return [];
    return (data as unknown[]).flatMap((e, index) => (valueEntryProblems(e).length === 0 ? [{ file, index, entry: e as ValueEntry }] : []));
  });
}
