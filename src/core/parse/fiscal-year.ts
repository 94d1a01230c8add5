/**
 * Fiscal-year (年度) labels: 令和元年度, R1, 平成31年度, H30, FY2019, 2019年度, `令和元年度 (2019年度)` …
 * Japanese fiscal years run from 1 April to 31 March; FY2019 is 2019-04-01..2020-03-31.
 * 令和n = 2018+n, 平成n = 1988+n, 昭和n = 1925+n, 元 = 1 (domain-research.md §c2).
 */
import { calendarParts, isValidDate } from '../calendar';
import type { Scalar } from '../workbook';
import { normalizeText, quote } from './normalize';
import type { ParseFinding } from './types';

export const MIN_FY = 1989;
export const MAX_FY = 2200;

interface Era {
  name: string;
  offset: number;
  /** Last year number the era really had as a fiscal-year label. */
  lastYear: number;
}

const ERAS: Record<string, Era> = {
  令和: { name: '令和', offset: 2018, lastYear: Infinity },
  平成: { name: '平成', offset: 1988, lastYear: 31 },
  昭和: { name: '昭和', offset: 1925, lastYear: 63 },
};
const ERA_LETTERS: Record<string, string> = { r: '令和', h: '平成', s: '昭和' };

/** One year read from the text. */
interface YearToken {
  fy: number;
  /** The era name when written as an era year. */
  era: string | null;
  text: string;
  end: number;
}

type Read = { ok: YearToken } | { err: ParseFinding } | null;

const err = (code: string, message: string): ParseFinding => ({ severity: 'error', code, message });
const warn = (code: string, message: string): ParseFinding => ({ severity: 'warning', code, message });

const ERA_RE = /(令和|平成|昭和|[RHS])[ ]*(元|\d{1,3})(?![\d])/iy;
const WESTERN_RE = /(?:FY[ ]*)?(\d{4})(?!\d)/iy;

/** Reads an era year or a western year at `i`. */
function readYear(s: string, i: number): Read {
  ERA_RE.lastIndex = i;
  const e = ERA_RE.exec(s);
  if (e) {
    const key = e[1]!;
    const era = ERAS[key] ?? ERAS[ERA_LETTERS[key.toLowerCase()]!]!;
    const n = e[2] === '元' ? 1 : Number(e[2]);
    if (n === 0) return { err: err('bad-era-year', `${quote(e[0])}の年は1（元年）からです`) };
    return { ok: { fy: era.offset + n, era: era.name, text: e[0], end: i + e[0].length } };
  }
  WESTERN_RE.lastIndex = i;
  const w = WESTERN_RE.exec(s);
  if (w) return { ok: { fy: Number(w[1]), era: null, text: w[0], end: i + w[0].length } };
  return null;
}

const skipSpaces = (s: string, i: number): number => {
  while (s[i] === ' ') i++;
  return i;
};

/** Reads `年度` (or `年`, flagged) at `i`; returns the new index and whether 年 alone was used. */
function readNendo(s: string, i: number): { end: number; bare: boolean } | null {
  if (s.startsWith('年度', i)) return { end: i + 2, bare: false };
  if (s[i] === '年' && !/^年\d/.test(s.slice(i, i + 2))) return { end: i + 1, bare: true };
  return null;
}

/** A date such as R5.4.1, 令和5年4月1日 or 2023/4/1 right after a year. */
function looksLikeDate(s: string, i: number): boolean {
  return /^[ ]*(?:[./-][ ]*\d{1,2}|年[ ]*\d{1,2}[ ]*月)/.test(s.slice(i));
}

interface Label {
  fy: number;
  end: number;
  findings: ParseFinding[];
}

/**
 * Reads a fiscal-year label at the start of normalised text `s`:
 * `year [(year [年度])] [年度] [(year [年度])]`. Null when no label starts there.
 */
function readLabel(s: string): Label | { err: ParseFinding } | null {
  const first = readYear(s, 0);
  if (!first) return null;
  if ('err' in first) return first;
  const years: YearToken[] = [first.ok];
  let i = first.ok.end;
  if (looksLikeDate(s, i)) return { err: err('date', `${quote(s)}は日付です。年度（例: 令和5年度、2023年度）で入力してください`) };
  let nendo = false;
  let bareNen = false;
  const takeNendo = () => {
    const j = skipSpaces(s, i);
    const n = readNendo(s, j);
    if (!n || nendo) return;
    nendo = true;
    bareNen = n.bare;
    i = n.end;
  };
  const takeParen = (): ParseFinding | null => {
    const j = skipSpaces(s, i);
    if (s[j] !== '(') return null;
    const y = readYear(s, skipSpaces(s, j + 1));
    if (!y) return null;
    if ('err' in y) return y.err;
    let k = skipSpaces(s, y.ok.end);
    const n = readNendo(s, k);
    if (n) k = skipSpaces(s, n.end);
    if (s[k] !== ')') return null;
    years.push(y.ok);
    i = k + 1;
    return null;
  };
  takeNendo();
  const e1 = takeParen();
  if (e1) return { err: e1 };
  takeNendo();
  if (years.length === 1) {
    const e2 = takeParen();
    if (e2) return { err: e2 };
  }

  const findings: ParseFinding[] = [];
  for (const y of years) {
    const era = y.era ? Object.values(ERAS).find((x) => x.name === y.era) : undefined;
    if (era && y.fy - era.offset > era.lastYear) {
      const real = y.fy >= 2019 ? eraLabel(y.fy) : formatFiscalYear(y.fy);
      findings.push(warn('nonexistent-era-year', `${quote(y.text)}は実在しない年です。${real}（${y.fy}年度）として読みました`));
    }
  }
  const western = years.find((y) => y.era === null);
  let fy = (western ?? first.ok).fy;
  if (years.length === 2 && years[0]!.fy !== years[1]!.fy) {
    if (!western || years.every((y) => y.era === null))
      return { err: err('era-mismatch', `${quote(s)}の2つの年度が一致しません`) };
    fy = western.fy;
    findings.push(warn('era-mismatch', `${quote(s)}の和暦と西暦が一致しません。西暦の${fy}年度として読みました`));
  }
  if (bareNen) findings.push(warn('year-not-fy', `${quote(s)}は「年」です。「年度」として読みました`));
  if (fy < MIN_FY || fy > MAX_FY)
    return { err: err('fy-out-of-range', `${quote(s)}は扱える年度（${MIN_FY}〜${MAX_FY}年度）の外です`) };
  return { fy, end: i, findings };
}

/** Reads a fiscal-year label, a year number (2019) or a date (its fiscal year). Never throws. */
export function parseFiscalYear(input: Scalar): { fy: number | null; findings: ParseFinding[] } {
  try {
    return parseFiscalYearUnsafe(input);
  } catch {
    return { fy: null, findings: [err('internal', '年度を読み取れませんでした')] };
  }
}

function parseFiscalYearUnsafe(input: Scalar): { fy: number | null; findings: ParseFinding[] } {
  const none = (f: ParseFinding) => ({ fy: null, findings: [f] });
  if (input === null || input === undefined) return none(err('fy-empty', '年度が入力されていません'));
  if (input instanceof Date) {
    if (!isValidDate(input)) return none(err('not-fy', '日付が正しくありません'));
    return { fy: fiscalYearOfDate(input), findings: [] };
  }
  if (typeof input === 'boolean') return none(err('boolean', 'TRUE/FALSE は年度として読めません'));
  if (typeof input === 'number') {
    if (Number.isInteger(input) && input >= MIN_FY && input <= MAX_FY) return { fy: input, findings: [] };
    return none(err('fy-out-of-range', `${input}は年度として読めません（${MIN_FY}〜${MAX_FY}の西暦で入力してください）`));
  }
  const s = normalizeText(String(input)).trim().replace(/\s+/g, ' ');
  if (s === '') return none(err('fy-empty', '年度が入力されていません'));
  if (s.length > 100) return none(err('not-fy', '年度として読めません（長すぎます）'));
  const label = readLabel(s);
  if (label && 'err' in label) return none(label.err);
  if (!label || label.end !== s.length)
    return none(err('not-fy', `${quote(s)}は年度として読めません（例: 令和5年度、R5、2023年度）`));
  return { fy: label.fy, findings: label.findings };
}

/**
 * Reads a fiscal-year label at the start of a header such as `2020年度 実績` or `令和2年度予定` and returns
 * the text after it. Null when the text does not start with a valid label.
 */
export function splitFiscalYearPrefix(text: string): { fy: number; rest: string; findings: ParseFinding[] } | null {
  try {
    const s = normalizeText(String(text)).trim().replace(/[ \n]+/g, ' ');
    const label = readLabel(s);
    if (!label || 'err' in label) return null;
    // A bare western year must stand apart from the text after it ("2000件" is not a year).
    const after = s.slice(label.end);
    if (after !== '' && /^\d/.test(s) && !/年/.test(s.slice(0, label.end)) && !/^[ :_\-・/()]/.test(after)) return null;
    return { fy: label.fy, rest: after.replace(/^[ :_\-・/]+/, '').trim(), findings: label.findings };
  } catch {
    return null;
  }
}

/** The fiscal year a calendar date (calendar.ts) falls in: 2020-03-31 → 2019, 2020-04-01 → 2020. */
export function fiscalYearOfDate(d: Date): number {
  const { year, month } = calendarParts(d);
  return month >= 4 ? year : year - 1;
}

/** `2020年度`. */
export function formatFiscalYear(fy: number): string {
  return `${fy}年度`;
}

/** The era label of a fiscal year: 令和2年度, 令和元年度, 平成30年度. FY2019 is 令和元年度. */
export function eraLabel(fy: number): string {
  const era = fy >= 2019 ? ERAS['令和']! : fy >= 1989 ? ERAS['平成']! : fy >= 1926 ? ERAS['昭和']! : null;
  if (!era) return formatFiscalYear(fy);
  const n = fy - era.offset;
  return `${era.name}${n === 1 ? '元' : n}年度`;
}
