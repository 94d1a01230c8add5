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

/** A full date such as R5.4.1, 令和5年4月1日 or 2023/4/1 right after a year. */
const FULL_DATE_RE = /^[ ]*(?:[./-][ ]*\d{1,2}[ ]*[./-][ ]*\d{1,2}(?!\d)|年[ ]*\d{1,2}[ ]*月[ ]*\d{1,2}[ ]*日)/;
/** The era-dot-month form `R4.3` (March of 令和4), with an optional 月. Era years only. */
const ERA_DOT_MONTH_RE = /^[ ]*\.[ ]*(\d{1,2})(?!\d)[ ]*(?:月)?/;
/** The year-month form `令和4年3月` / `2022年3月`. */
const YEAR_MONTH_RE = /^[ ]*年[ ]*(\d{1,2})(?!\d)[ ]*月/;

/** Anything else that looks like a date or a year-month with a separator (2023/4, 2022.3, R4/3, 2022-03). */
function looksLikeDate(s: string, i: number): boolean {
  return /^[ ]*(?:[./-][ ]*\d{1,2}|年[ ]*\d{1,2}[ ]*月)/.test(s.slice(i));
}

/**
 * A span or a list of years after a year: `R1-R5`, `令和元年度～令和5年度`, `令和元～5年度`, `2019-2023`,
 * `令和5年度まで`, `令和元・2年度`. A label must name one fiscal year.
 */
const SPAN_RE =
  /^[ ]*(?:[~〜―–—]|から|まで|以降|以前|以後|-(?=[ ]*(?:令和|平成|昭和|[RHS][ ]*[\d元]|\d{4}))|[・、,/](?=[ ]*(?:令和|平成|昭和|[RHS][ ]*[\d元]|\d{4}(?!\d)|\d{1,4}[ ]*(?:年|\))|元)))/i;

/** First and last (year, month) of each era, for the year-month forms (令和 began on 1 May 2019). */
const ERA_MONTHS: Record<string, { first: [number, number]; last: [number, number] }> = {
  令和: { first: [1, 5], last: [Infinity, 12] },
  平成: { first: [1, 1], last: [31, 4] },
  昭和: { first: [1, 12], last: [64, 1] },
};

interface Label {
  fy: number;
  end: number;
  findings: ParseFinding[];
  /** Some year of the label was written with 年/年度, an era or FY (not a bare 2019). */
  marked: boolean;
  /** The label was enclosed in brackets: `(令和4年度)`. */
  bracketed: boolean;
}

const spanError = (s: string): ParseFinding =>
  err('fy-span', `${quote(s)}は期間または複数の年度です。1つの年度（例: 令和5年度）を入力してください`);

/**
 * Reads a fiscal-year label at index `start` of normalised text `s`:
 * `year [(year [年度])] [年度] [(year [年度])]`, or a year-month (`R4.3`, `令和4年3月`: the fiscal year of
 * that month). Null when no label starts there.
 */
function readLabel(s: string, start = 0): Label | { err: ParseFinding } | null {
  const first = readYear(s, start);
  if (!first) return null;
  if ('err' in first) return first;
  const years: YearToken[] = [first.ok];
  let i = first.ok.end;
  if (SPAN_RE.test(s.slice(i))) return { err: spanError(s) };
  if (FULL_DATE_RE.test(s.slice(i))) return { err: err('date', `${quote(s)}は日付です。年度（例: 令和5年度、2023年度）で入力してください`) };
  const month = (first.ok.era ? ERA_DOT_MONTH_RE.exec(s.slice(i)) : null) ?? YEAR_MONTH_RE.exec(s.slice(i));
  if (month) return readYearMonth(s, first.ok, Number(month[1]), i + month[0].length);
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
  if (SPAN_RE.test(s.slice(i))) return { err: spanError(s) };

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
  const marked = nendo || years.length === 2 || years.some((y) => y.era !== null || /^fy/i.test(y.text));
  return { fy, end: i, findings, marked, bracketed: false };
}

/** `R4.3` / `令和4年3月`: the fiscal year that month falls in (March 2022 → FY2021, April 2022 → FY2022). */
function readYearMonth(s: string, y: YearToken, month: number, end: number): Label | { err: ParseFinding } {
  if (month < 1 || month > 12) return { err: err('bad-month', `${quote(s)}の月は1〜12です`) };
  if (SPAN_RE.test(s.slice(end))) return { err: spanError(s) };
  if (FULL_DATE_RE.test(s.slice(end)) || /^[ ]*\d{1,2}[ ]*日/.test(s.slice(end)))
    return { err: err('date', `${quote(s)}は日付です。年度（例: 令和5年度、2023年度）で入力してください`) };
  const year = y.fy; // the calendar year of an era year is offset + n, as for the fiscal year
  const fy = month >= 4 ? year : year - 1;
  const findings: ParseFinding[] = [];
  if (y.era) {
    const era = ERAS[y.era]!;
    const span = ERA_MONTHS[y.era]!;
    const n = year - era.offset;
    const before = n < span.first[0] || (n === span.first[0] && month < span.first[1]);
    const after = n > span.last[0] || (n === span.last[0] && month > span.last[1]);
    if (before || after)
      findings.push(warn('nonexistent-era-year', `${quote(s)}は実在しない年月です。${year}年${month}月（${fy}年度）として読みました`));
  }
  if (fy < MIN_FY || fy > MAX_FY)
    return { err: err('fy-out-of-range', `${quote(s)}は扱える年度（${MIN_FY}〜${MAX_FY}年度）の外です`) };
  return { fy, end, findings, marked: true, bracketed: false };
}

const BRACKETS: Record<string, string> = { '(': ')', '[': ']', '【': '】', '〔': '〕' };

/** A label at the start of `s`, possibly enclosed in brackets: `(令和4年度)`, `【令和4年度】`. */
function readLeadingLabel(s: string): Label | { err: ParseFinding } | null {
  const close = BRACKETS[s[0] ?? ''];
  if (!close) return readLabel(s, 0);
  const inner = readLabel(s, skipSpaces(s, 1));
  if (!inner || 'err' in inner) return inner;
  const j = skipSpaces(s, inner.end);
  if (s[j] !== close) return null;
  return { ...inner, end: j + 1, bracketed: true };
}

/**
 * Words accepted after a label in FISCAL_YEAR and similar cells (`令和3年度実績`, `令和元年度末`,
 * `2022年度 (見込み)`): a closed list, so that `令和元年度比` or `令和5年度以降` stay errors.
 * Longest first: the reader takes the longest word that matches.
 */
export const FY_TRAILING_WORDS: readonly string[] = [
  '当初予算', '見込み値', '末時点', '末現在', '実績値', '見込値', '目標値', '計画値', '速報値', '確定値', '暫定値',
  '見込み', '実績', '見込', '目標', '計画', '予定', '当初', '決算', '予算', '速報', '確定', '暫定', '時点', '現在',
  '末', '中', '基準値', '基準', '現状値', '現状', '中間目標', '最終目標', '累計',
].slice().sort((a, b) => b.length - a.length);

/**
 * Role words accepted before a label (`目標値(2023年度)`, `基準値 H26`, `評価年度:2007年度`), followed by a
 * space, a colon or the label's bracket. Closed, like the trailing words.
 */
export const FY_LEADING_WORDS: readonly string[] = [
  '計画策定時', '策定時の値', '策定時', '中間目標', '最終目標', '目標値', '目標', '基準値', '基準', '現状値', '現状',
  '実績値', '実績', '評価年度', '対象年度',
].slice().sort((a, b) => b.length - a.length);

/** True when `rest` is empty or up to three words of FY_TRAILING_WORDS, optionally in one pair of brackets. */
function isTrailingWords(rest: string): boolean {
  let t = rest.trim();
  if (t === '') return true;
  const close = BRACKETS[t[0]!];
  if (close) {
    if (!t.endsWith(close)) return false;
    t = t.slice(1, -1);
  }
  t = t.replace(/[ ]+/g, '');
  if (t === '') return false;
  if (t.startsWith('の')) t = t.slice(1); // 平成26年度の実績値
  for (let n = 0; n < 3 && t !== ''; n++) {
    const w = FY_TRAILING_WORDS.find((x) => t.startsWith(x));
    if (!w) return false;
    t = t.slice(w.length);
  }
  return t === '';
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
  let body = s;
  const lead = FY_LEADING_WORDS.find((w) => s.startsWith(w));
  if (lead) {
    const sep = /^[ ]*(?::[ ]*)?/.exec(s.slice(lead.length))![0];
    const t = s.slice(lead.length + sep.length);
    if (sep !== '' || /^[(\[【〔]/.test(t)) body = t;
  }
  const label = readLeadingLabel(body);
  if (label && 'err' in label) return none(label.err);
  if (!label) {
    if (/^[(\[【〔]?[ ]*\d{1,2}[ ]*年/.test(body))
      return none(err('era-missing', `${quote(s)}は元号がありません。元号か西暦で入力してください（例: 令和3年度、2021年度）`));
    return none(err('not-fy', `${quote(s)}は年度として読めません（例: 令和5年度、R5、2023年度）`));
  }
  const rest = body.slice(label.end);
  // A bare western year must stand apart from the words after it (`2022実績` is not read).
  const apart = label.marked || label.bracketed || rest === '' || /^[ (\[【〔]/.test(rest);
  if (!apart || !isTrailingWords(rest))
    return none(err('not-fy', `${quote(s)}は年度として読めません（例: 令和5年度、R5、2023年度、令和5年度実績）`));
  return { fy: label.fy, findings: label.findings };
}

/**
 * Reads a fiscal-year label at the start of a header such as `2020年度 実績` or `令和2年度予定`, or of an
 * entry such as `(令和3年度) 48.2%`, and returns the text after it. Null when the text does not start with a
 * valid label (a span such as `R1-R5 実績`, a date, or an error in the label).
 */
export function splitFiscalYearPrefix(text: string): { fy: number; rest: string; findings: ParseFinding[] } | null {
  try {
    const s = normalizeText(String(text)).trim().replace(/[ \n]+/g, ' ');
    const label = readLeadingLabel(s);
    if (!label || 'err' in label) return null;
    // A bare western year must stand apart from the text after it ("2000件" is not a year), and is not
    // read inside brackets (`(2000) 1,730件` may be a number).
    const after = s.slice(label.end);
    if (!label.marked && label.bracketed) return null;
    if (after !== '' && !label.marked && !/^[ :_\-・/()]/.test(after)) return null;
    // A point within the year written right after it (令和元年度末, R4.3末時点) belongs to the label.
    const rest = (label.marked ? after.replace(/^(?:末時点|末現在|末|時点|現在)/, '') : after).replace(/^[ :_\-・/]+/, '').trim();
    return { fy: label.fy, rest, findings: label.findings };
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
/** The first day of each era (令和 1 May 2019, 平成 8 January 1989, 昭和 25 December 1926), as yyyymmdd. */
const ERA_STARTS: readonly [number, Era][] = [[20190501, ERAS['令和']!], [19890108, ERAS['平成']!], [19261225, ERAS['昭和']!]];

/** The era of a calendar day and its year in it (`{ name: '令和', year: 3 }`), or null before 昭和. */
export function eraOfDay(year: number, month: number, day: number): { name: string; year: number } | null {
  const key = year * 10000 + month * 100 + day;
  const era = ERA_STARTS.find(([start]) => key >= start)?.[1];
  return era ? { name: era.name, year: year - era.offset } : null;
}

/** `令和3年` (`令和元年` for its first year) of a calendar day, or `1925年` before 昭和. */
export function eraYearOfDay(year: number, month: number, day: number): string {
  const era = eraOfDay(year, month, day);
  return era ? `${era.name}${era.year === 1 ? '元' : era.year}年` : `${year}年`;
}

export function eraLabel(fy: number): string {
  const era = fy >= 2019 ? ERAS['令和']! : fy >= 1989 ? ERAS['平成']! : fy >= 1926 ? ERAS['昭和']! : null;
  if (!era) return formatFiscalYear(fy);
  const n = fy - era.offset;
  return `${era.name}${n === 1 ? '元' : n}年度`;
}
