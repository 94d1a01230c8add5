/**
 * The entry parser: what a person typed in a 実績/予定 cell → numbers with units, statuses or findings
 * (domain.md §3, domain-research.md §c). Pure; never throws; never yields NaN or Infinity.
 */
import type { Scalar } from '../workbook';
import { cleanNumber, formatValue } from './format';
import {
  DASHES, DOWN_TRIANGLE, KATAKANA_MINUS, isBoundary, isDigit, isKana, isMinusSign, isSign, isSpace, isWordChar, normalizeText, quote, stripListMarkers,
} from './normalize';
import { splitFiscalYearPrefix } from './fiscal-year';
import type { EntryParse, EntryStatus, NumberSegment, ParseFinding, Segment } from './types';
import { MONEY_UNITS, canonicalUnit, isKnownUnit, isPercentLike, matchUnitAt } from './units';

export interface ParseEntryOptions {
  /** The cell's number format; a `%` in it means the person typed a percentage (0.307 → 30.7 %). */
  numberFormat?: string;
  /**
   * The indicator's unit as written in 計画マスタ (`kg/人`, `件/月`, `千人`), when the caller knows it. It is
   * tried first, exactly as written, before the text after a number is split into multiplier and unit
   * (docs/parser-rules.md, "The indicator's unit first"); it also decides `12時間30分` → 750 when it is 分.
   */
  unit?: string | null;
}

/** Longest text a cell may hold; longer cells are not entries. */
const MAX_LENGTH = 1000;
/** Magnitudes from here on lose integer precision in a double (and have more than 15 integer digits). */
const MAX_ABS = 1e15;

/** Thrown inside the parser to stop at the first error; never escapes parseEntry. */
class Stop {
  constructor(readonly finding: ParseFinding) {}
}

const err = (code: string, message: string): ParseFinding => ({ severity: 'error', code, message });
const warn = (code: string, message: string): ParseFinding => ({ severity: 'warning', code, message });
const stop = (code: string, message: string): never => {
  throw new Stop(err(code, message));
};

const empty = (): EntryParse => ({ empty: true, segments: [], findings: [] });

/** Reads one cell. */
export function parseEntry(input: Scalar | null | undefined, options: ParseEntryOptions = {}): EntryParse {
  return withoutNumbersOnError(readEntry(input, options));
}

/**
 * An error means no number: a parse with any error finding hands no segment to any caller (rollup, sidebar,
 * custom functions), whatever path found the error. Held here, in one place, by construction.
 */
function withoutNumbersOnError(r: EntryParse): EntryParse {
  return r.findings.some((f) => f.severity === 'error') && r.segments.length > 0 ? { ...r, segments: [] } : r;
}

function readEntry(input: Scalar | null | undefined, options: ParseEntryOptions): EntryParse {
  try {
    if (input === null || input === undefined) return empty();
    if (typeof input === 'boolean') return failed(err('boolean', 'TRUE/FALSE は実績値として読めません'));
    if (input instanceof Date) return failed(err('date', '日付は実績値として読めません'));
    if (typeof input === 'number') return parseNumberCell(input, options.numberFormat ?? '');
    return new TextParser(String(input), options.unit ?? null).run();
  } catch (e) {
    if (e instanceof Stop) return failed(e.finding);
    return failed(err('internal', '値を読み取れませんでした（想定外の入力です）'));
  }
}

function failed(...findings: ParseFinding[]): EntryParse {
  return { empty: false, segments: [], findings };
}

function numberSegment(value: number, unit: string | null): NumberSegment {
  return { kind: 'number', value, unit, approx: false, label: null, comparator: null, note: null };
}

/** True when a number format shows percent (quoted literals and escapes ignored). */
export function isPercentFormat(format: string): boolean {
  return format.replace(/"[^"]*"/g, '').replace(/\\./g, '').includes('%');
}

function parseNumberCell(x: number, format: string): EntryParse {
  if (!Number.isFinite(x)) return failed(err('not-finite', '数値が正しくありません'));
  const percent = isPercentFormat(format);
  // 12 significant digits drop the noise of ×100 (0.307 × 100 = 30.700000000000003).
  const v = percent ? Number((x * 100).toPrecision(12)) : x;
  // The same limit as for typed text, so a number means the same whichever way the cell stores it.
  if (!Number.isFinite(v) || Math.abs(v) >= MAX_ABS) return failed(err('too-large', `${quote(formatValue(x, null))}は大きすぎて値として読めません`));
  return { empty: false, segments: [numberSegment(v === 0 ? 0 : v, percent ? '%' : null)], findings: [] };
}

// ---- status tokens ----

const STATUS_WORDS: [string, EntryStatus, 'typo' | 'assumed' | null][] = [
  ['本年度未測定', '未測定', null], ['今年度未測定', '未測定', null], ['未測定', '未測定', null], ['未計測', '未測定', null],
  ['集計中', '未測定', null], ['未把握', '未測定', null], ['調査なし', '未測定', null], ['実績なし', '未測定', null],
  ['評価困難', '未測定', null], ['未着手', '未測定', 'assumed'],
  // No figure this year, as real documents say it (docs/parser-rules.md, "Status vocabulary").
  ['データ無し', '未測定', null], ['データなし', '未測定', null], ['数値なし', '未測定', null], ['未公表', '未測定', null],
  ['公表前', '未測定', null], ['集計前', '未測定', null], ['未集計', '未測定', null], ['調査未実施', '未測定', null],
  ['調査中', '未測定', null], ['統計なし', '未測定', null], ['把握困難', '未測定', null],
  // Done as planned: 完了, with a warning (a numeric indicator gets no grade from it).
  ['計画どおり実施', '完了', 'assumed'], ['計画通り実施', '完了', 'assumed'], ['予定どおり実施', '完了', 'assumed'],
  ['予定通り実施', '完了', 'assumed'], ['実施済み', '完了', 'assumed'], ['実施済', '完了', 'assumed'],
  ['完了済み', '完了', null], ['完了済', '完了', null], ['計画どおり完了', '完了', null], ['計画通り完了', '完了', null],
  ['予定どおり完了', '完了', null], ['予定通り完了', '完了', null],
  // No target set: a status of target cells (an actual cell refuses it, entries.ts).
  ['目標値設定なし', '目標なし', null], ['目標設定なし', '目標なし', null], ['目標値なし', '目標なし', null],
  ['目標なし', '目標なし', null], ['設定なし', '目標なし', null],
  ['本年度末測定', '未測定', 'typo'], ['今年度末測定', '未測定', 'typo'], ['末測定', '未測定', 'typo'],
  ['対象外', '対象外', null], ['該当なし', '対象外', null], ['N/A', '対象外', null],
  ['中止', '中止', null], ['完了', '完了', null],
];

interface StatusHit {
  status: EntryStatus;
  word: string;
  flag: 'typo' | 'assumed' | null;
  end: number;
}

/** A status token at `j`, alone or in parentheses, bounded on both sides. */
function statusAt(s: string, j: number, segStart: number): StatusHit | null {
  const paren = s[j] === '(';
  let k = paren ? j + 1 : j;
  while (paren && s[k] === ' ') k++;
  for (const [word, status, flag] of STATUS_WORDS) {
    if (s.slice(k, k + word.length).toUpperCase() !== word.toUpperCase()) continue;
    let e = k + word.length;
    if (paren) {
      while (s[e] === ' ') e++;
      if (s[e] !== ')') continue;
      e++;
    }
    // 未測定 may be glued to its label (閲覧者数未測定); other words need a boundary before them.
    if (!paren && j > segStart && !isBoundary(s[j - 1]) && !word.includes('測定')) continue;
    if (!isBoundary(s[e])) continue;
    return { status, word, flag, end: e };
  }
  return null;
}

// ---- checks on the whole text ----

// Patterns that begin with a run of digits look behind for it, so they try each run once (not once per digit:
// quadratic on a 1000-digit cell). The leftmost match, and so every message, is the same.
const PRECHECKS: [RegExp, string, (m: string) => string][] = [
  [/[<〈《][^<>〈〉《》]*\d[^<>〈〉《》]*[>〉》]/, 'bracketed-value', (m) => `${quote(m)}は山括弧で囲まれた値（計算値などの表示）のため、入力値として読めません`],
  [/(?<!\d)\d+[eE][+-]?\d+/, 'bad-number', (m) => `${quote(m)}のような指数表記は使えません`],
  [/(?:令和|平成|昭和|[RHS])\s*(?:\d{1,2}|元)\s*[./\-年]\s*\d{1,2}\s*[./\-月]\s*\d{1,2}日?/i, 'date', dateMsg],
  [/\d{1,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?/, 'date', dateMsg],
  [/\d{1,2}\s*月\s*\d{1,2}\s*日/, 'date', dateMsg],
  [/(?<![\d,.])(?:19|20)\d{2}\s*[/-]\s*(?:0?[1-9]|1[0-2])(?:\s*[/-]\s*\d{1,2})?(?![\d,.])/, 'date', dateMsg],
  [/(?<![\d,.])\d{1,4}\.\d{1,2}\.\d{1,2}(?![\d.])/, 'date', dateMsg],
  [/(?<![\d,.])[\d,.]*\d\s*\/\s*\d[\d,.]*/, 'ratio', (m) => `${quote(m)}は分数か日付のようです。1つの数値で入力してください`],
  [/(?<!\d)\d+(?:\.\d+){2,}/, 'bad-number', (m) => `${quote(m)}は小数点が複数あり、数値として読めません`],
  [/(?<!\d)\d+\s*・\s*\d+/, 'bad-decimal', (m) => `${quote(m)}の「・」は小数点として読めません。「.」を使ってください`],
  [/(?<!\d)\d+、\d+/, 'ideographic-comma', (m) => `${quote(m)}の「、」は桁区切りに使えません。「,」を使うか、区切らずに入力してください`],
  [/(?<![\d,.])[\d,.]*\d\s*[~〜]\s*\d[\d,.]*|(?<![\d,.])[\d,.]*\d[-\u2010-\u2015\u2212]\d[\d,.]*/, 'range', (m) => `${quote(m)}は範囲のため1つの値として読めません`],
];

/** A second fiscal-year label in the text after the first: 令和3年度 10件 令和4年度 12件. */
const YEAR_LABEL_IN_TEXT = /令和|平成|昭和|\d\s*年度|FY\s*\d|(?<![A-Za-z])[RH]\s*(?:\d{1,2}|元)(?![\d.])/i;

/** A note in parentheses after a value that names years or months: `25 人(2009~14 年)`, `75.8%\n(24年度)`. */
const DATED_NOTE = /[\d\p{L}%]\s*\([^()]*(?:年|月)[^()]*\)/gu;

/** A ratio in parentheses right after a percentage: `42.1%(312/741件)`. */
const RATIO_NOTE = /%\s*\(\s*\d[\d,]*(?:\.\d+)?\s*\/\s*\d[\d,]*(?:\.\d+)?\s*\p{L}{0,4}\s*\)/gu;
const RATIO_NOTE_INNER = /^(\d[\d,]*(?:\.\d+)?)\s*\/\s*(\d[\d,]*(?:\.\d+)?)\s*\p{L}{0,4}$/u;

/** Error values of Sheets and Excel, as getValues and exceljs hand them over. */
const FORMULA_ERROR = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|ERROR!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;

function dateMsg(m: string): string {
  return `${quote(m)}は日付のため値として読めません`;
}

// ---- numbers ----

interface NumberText {
  text: string;
  value: number;
  end: number;
}

const NUMBER_RE = /\d+(?:,\d+)*(?:\.\d+)?|\.\d+/y;

/** Reads digits with thousands separators and a decimal point at `i`. */
function readNumber(s: string, i: number): NumberText {
  NUMBER_RE.lastIndex = i;
  const m = NUMBER_RE.exec(s);
  if (!m) return stop('no-number', `${quote(s.slice(i))}は数値として読めません`);
  const text = m[0];
  const int = text.split('.')[0]!;
  if (int.includes(',')) {
    const groups = int.split(',');
    const ok = groups[0]!.length <= 3 && groups[0] !== '0' && groups.slice(1).every((g) => g.length === 3);
    if (!ok) stop('bad-grouping', `${quote(text)}の桁区切りが3桁ごとになっていません`);
  }
  if (int.replace(/,/g, '').replace(/^0+/, '').length > 15) stop('too-large', `${quote(text)}は桁が多すぎます`);
  return { text, value: Number(text.replace(/,/g, '')), end: i + text.length };
}

const MONEY_SCALE: Record<string, number> = { 千円: 1e3, 万円: 1e4, 百万円: 1e6, 億円: 1e8 };

/** Reads a number with 万/千/億 multipliers (`3万5千`, `1.5万`, `1億2千万`); money units stop it. */
function readMagnitude(s: string, first: NumberText): { value: number; end: number } {
  let total = 0;
  let section = 0;
  let pending: number | null = first.value;
  let lastBig = Infinity;
  let thousand = false;
  let i = first.end;
  const bad = () => stop('bad-number', `${quote(s.slice(first.end - first.text.length, i + 1))}の万・千・億の並びが正しくありません`);
  for (;;) {
    const money = MONEY_UNITS.find((u) => s.startsWith(u, i));
    if (money) {
      // 1億2千万円 = 12000 万円, 3万5千円 = 35 千円: parts above the unit are scaled to it.
      const scale = MONEY_SCALE[money]!;
      if (total > 0 && lastBig <= scale) bad();
      return { value: total / scale + section + (pending ?? 0), end: i };
    }
    const c = s[i];
    if (c === '千') {
      if (pending === null || thousand) bad();
      section += pending! * 1000;
      thousand = true;
    } else if (c === '万' || c === '億') {
      const big = c === '万' ? 1e4 : 1e8;
      if (big >= lastBig || (pending === null && section === 0)) bad();
      total += (section + (pending ?? 0)) * big;
      section = 0;
      thousand = false;
      lastBig = big;
    } else break;
    pending = null;
    i++;
    if (isDigit(s[i])) {
      const n = readNumber(s, i);
      pending = n.value;
      i = n.end;
    }
  }
  return { value: total + section + (pending ?? 0), end: i };
}

const COMPARATORS: [string, NonNullable<NumberSegment['comparator']>][] = [
  ['以上', '>='], ['以下', '<='], ['以内', '<='], ['未満', '<'], ['超', '>'],
  // A target to keep: 95%の維持, 40%を維持 (docs/parser-rules.md, "Maintain").
  ['を維持する', '='], ['の維持', '='], ['を維持', '='], ['維持', '='],
];
/** 強 / 弱 (`8,200人強`, `3割弱`) and 余り (`120件余り`) are approximate, like 程度. */
const APPROX_SUFFIXES = ['程度', '前後', 'くらい', 'ぐらい', '余り', '強', '弱'];
/** Single-character approximate suffixes must end the word (`強化` is not 強). */
const SHORT_SUFFIXES = ['強', '弱'];
/** A sign word after the value (docs/parser-rules.md, "Sign words"): 減/減少 negate, 増/増加 keep. */
const SIGN_WORDS: [string, 1 | -1][] = [['減少', -1], ['増加', 1], ['減', -1], ['増', 1]];
const APPROX_PREFIXES = ['約', 'およそ', '概ね', 'おおむね', '大体', 'だいたい'];
const PREFIX_COMPARATORS: [string, NonNullable<NumberSegment['comparator']>][] = [
  ['>=', '>='], ['≧', '>='], ['≥', '>='], ['<=', '<='], ['≦', '<='], ['≤', '<='], ['>', '>'], ['<', '<'],
];
const SUFFIX_WORDS = [...COMPARATORS.map(([w]) => w), ...APPROX_SUFFIXES, ...SIGN_WORDS.map(([w]) => w)];
/** Range marks between two values: `60%～70%未満` (～ is ~ after NFKC), `60%から70%`. */
const RANGE_AFTER = /^\s*(?:[~〜]|から)\s*[▲△▼+\-\u2212]?\s*\d/;

/** Characters trimmed from both ends of a label. */
const LABEL_EDGE = /^(?:[\s、,/・。:=]|及び)+|(?:[\s、,/・。:=]|及び)+$/g;

// ---- the scanner ----

type Hit =
  | { kind: 'number'; labelEnd: number; start: number; sign: string | null; detached: boolean }
  | { kind: 'status'; labelEnd: number; hit: StatusHit }
  | { kind: 'dash'; labelEnd: number; end: number; katakana: boolean };

const GRADE_SYMBOLS = /^[◎○〇●△▲▽▼×✕☓✗◯]+$/;

class TextParser {
  private s: string;
  private readonly findings: ParseFinding[] = [];
  private readonly segments: Segment[] = [];
  /** The indicator's unit, NFKC-normalised, or null. */
  private readonly unit: string | null;
  /** A fiscal-year label written before the value (`(令和3年度) 48.2%`), kept as the note of the first value. */
  private yearNote: string | null = null;

  constructor(raw: string, unit: string | null) {
    this.s = stripListMarkers(normalizeText(raw)).trim();
    const u = unit === null ? '' : normalizeText(unit).trim().replace(/\s+/g, '');
    this.unit = u === '' ? null : u;
  }

  run(): EntryParse {
    if (this.s === '') return empty();
    if (this.s.length > MAX_LENGTH) return failed(err('too-long', `長すぎるため値として読めません（${this.s.length}文字）`));
    const whole = this.s;
    const yearProblem = this.takeYearLabel();
    if (yearProblem) {
      // A date (2023年4月) is refused as a date, not as a year label.
      for (const [re, code, msg] of PRECHECKS) {
        const m = re.exec(whole);
        if (m) return failed(err(code, msg(m[0])));
      }
      return failed(yearProblem);
    }
    const s = this.s;
    // What a formula left in the cell: its error value (#DIV/0!) or, in a text cell, the formula itself.
    if (FORMULA_ERROR.test(s)) return failed(err('formula-error', `${quote(s)}は数式のエラーです。数式を直すか、値を入力してください`));
    if (s.startsWith('=')) return failed(err('no-number', `${quote(s)}は数式の文字列のため値として読めません。計算結果の値を入力してください`));
    // A ratio in parentheses after a percentage is a note (checked against the value in readValue), not a ratio.
    const checked = s.replace(RATIO_NOTE, (m) => m.replace(/[\d/]/g, 'x')).replace(DATED_NOTE, (m) => m[0] + m.slice(1).replace(/[\d/~〜.\-]/g, 'x'));
    for (const [re, code, msg] of PRECHECKS) {
      const m = re.exec(checked);
      if (m) return failed(err(code, msg(s.slice(m.index, m.index + m[0].length))));
    }
    try {
      this.scan();
    } catch (e) {
      if (e instanceof Stop) return failed(...this.findings, e.finding);
      throw e;
    }
    const first = this.segments.find((g): g is NumberSegment => g.kind === 'number');
    if (this.yearNote !== null && first) first.note = first.note === null ? this.yearNote : `${this.yearNote}; ${first.note}`;
    const unlabelled = this.segments.filter((g) => g.label === null).length;
    if (this.segments.length > 1 && unlabelled > 1)
      return failed(...this.findings, err('ambiguous-values', `${quote(s)}には名前のない値が複数あり、どれを使うか決められません`));
    return { empty: false, segments: this.segments, findings: this.findings };
  }

  /**
   * A fiscal-year label before the value is a note, not the value: `(令和3年度) 48.2%`, `令和4年 61.0%`,
   * `R4 61%`, `令和4年度 未測定`. The label must name an era, 年/年度 or FY (a bare `2020 15件` stays two
   * numbers, an error). A label alone, or a cell with a second label (values of several years), is an error.
   */
  private takeYearLabel(): ParseFinding | null {
    const s = this.s;
    let label: string;
    let rest: string;
    const paren = /^\(([^()]{1,20})\)\s*/.exec(s);
    if (paren) {
      // A word may follow the label inside the parentheses: (令和4年度見込み) 45%; or a period: (H27~H31累計).
      const isLabel = (t: string) => {
        const fy = splitFiscalYearPrefix(t);
        return fy !== null && !/\d/.test(fy.rest);
      };
      const span = paren[1]!.split(/[~〜\-\u2010-\u2015\u2212]/);
      if (!isLabel(paren[1]!) && !(span.length === 2 && isLabel(span[0]!) && isLabel(span[1]!))) return null;
      label = paren[1]!.trim();
      rest = s.slice(paren[0].length);
    } else {
      const fy = splitFiscalYearPrefix(s);
      if (!fy) return null;
      const collapsed = s.replace(/[ \n]+/g, ' ');
      if (!collapsed.endsWith(fy.rest)) return null;
      label = collapsed.slice(0, collapsed.length - fy.rest.length).trim();
      rest = fy.rest;
    }
    if (!/令和|平成|昭和|年|FY|^[RHS]\s*\d/i.test(label)) return null;
    if (rest.trim() === '') return err('year-only', `${quote(s)}は年度のため値として読めません`);
    if (YEAR_LABEL_IN_TEXT.test(rest))
      return err('several-years', `${quote(s)}には年度が複数あり、どの年度の値か決められません。年度ごとのセルに入力してください`);
    this.yearNote = label;
    this.s = rest.trim();
    return null;
  }

  private scan(): void {
    const s = this.s;
    let p = 0;
    while (p < s.length) {
      const hit = this.findValue(p);
      const rawLabel = s.slice(p, hit ? hit.labelEnd : s.length);
      if (!hit) {
        this.leftover(rawLabel);
        return;
      }
      const { label, approx, comparator } = this.cleanLabel(rawLabel);
      if (hit.kind === 'status') {
        this.segments.push({ kind: 'status', status: hit.hit.status, label });
        if (hit.hit.flag === 'typo')
          this.findings.push(warn('typo-status', `「${hit.hit.word}」の「末測定」は「未測定」の誤記とみなしました`));
        if (hit.hit.flag === 'assumed') this.findings.push(warn('status-assumed', `「${hit.hit.word}」は${hit.hit.status}として扱いました`));
        p = this.skipNote(hit.hit.end);
      } else if (hit.kind === 'dash') {
        this.segments.push({ kind: 'status', status: '対象外', label });
        if (hit.katakana) this.findings.push(warn('katakana-dash', '「ー」（長音記号）は「-」（対象外）とみなしました'));
        p = this.skipNote(hit.end);
      } else {
        // (1.90%), 未達成 (1,820人): a value inside parentheses is a note about something else, not the value.
        if (/\(\s*$/.test(rawLabel))
          stop('value-in-parentheses', `${quote(s.slice(p, hit.labelEnd + 12))}の値は括弧の中にあり、注記のため値として読めません`);
        // 27.8%→36.2%, 60% ~ 70%: two values joined by a mark are not one value for a label.
        if (this.segments.length > 0 && (/[→⇒➡~〜]\s*$/.test(rawLabel) ||
            (rawLabel.trim() !== '' && !/[\p{L}\p{N}]/u.test(rawLabel.replace(/[()]/g, '')) && /[→⇒~〜➡=]/.test(rawLabel))))
          stop('two-values', `${quote(s.slice(0, hit.labelEnd + 8))}には記号でつながった値が複数あり、1つの値として読めません`);
        // 減 1.8% / 増加 3件: a sign word before the value may be a sign or a heading; never guess which.
        if (label !== null && SIGN_WORDS.some(([w]) => label === w))
          stop('sign-word-before', `${quote(s.slice(p, hit.labelEnd + 8))}の「${label}」が値の前にあり、符号か見出しか決められません`);
        const seg = numberSegment(0, null);
        seg.label = label;
        seg.approx = approx;
        seg.comparator = comparator;
        p = this.readValue(hit, seg);
        this.segments.push(seg);
        if (seg.approx) this.findings.push(warn('approx', `${quote(s.slice(hit.labelEnd, p))}は概数です（値はそのまま使います）`));
      }
    }
  }

  /** The first value (number, status, lone dash) at or after `p`. */
  private findValue(p: number): Hit | null {
    const s = this.s;
    for (let j = p; j < s.length; j++) {
      const c = s[j]!;
      if (isDigit(c) || (c === '.' && isDigit(s[j + 1]) && !isDigit(s[j - 1]))) return this.numberHit(p, j);
      const st = statusAt(s, j, p);
      if (st) return { kind: 'status', labelEnd: j, hit: st };
      if ((DASHES.includes(c) || c === KATAKANA_MINUS) && (j === p || isBoundary(s[j - 1])) && !(c === KATAKANA_MINUS && isKana(s[j - 1]))) {
        let e = j;
        while (s[e] === c) e++;
        if (isBoundary(s[e]) && !isDigit(s[e])) return { kind: 'dash', labelEnd: j, end: e, katakana: c === KATAKANA_MINUS };
      }
    }
    return null;
  }

  /** A number starting at `j`, with the sign written before it, if any. */
  private numberHit(p: number, j: number): Hit {
    const s = this.s;
    let at = j - 1;
    let detached = false;
    if (s[at] === ' ') {
      // ▲ 16.7: a triangle separated by spaces still means minus (with a warning).
      let t = at;
      while (s[t] === ' ') t--;
      if (t >= p && '▲△▼'.includes(s[t] ?? 'x') && (t === p || isBoundary(s[t - 1]))) {
        at = t;
        detached = true;
      }
    }
    const c = s[at];
    const isLongVowel = c === KATAKANA_MINUS && isKana(s[at - 1]) && s[at - 1] !== KATAKANA_MINUS;
    if (at < p || !isSign(c) || isLongVowel) return { kind: 'number', labelEnd: j, start: j, sign: null, detached: false };
    if (isSign(s[at - 1]) && at - 1 >= p && !(s[at - 1] === KATAKANA_MINUS && isKana(s[at - 2])))
      stop('bad-sign', `${quote(s.slice(at - 1, j + 8))}の符号が読めません`);
    return { kind: 'number', labelEnd: at, start: j, sign: c!, detached };
  }

  /** Reads number, multipliers, unit, comparator/approx words and a (note); returns the end. */
  private readValue(hit: Extract<Hit, { kind: 'number' }>, seg: NumberSegment): number {
    const s = this.s;
    const first = readNumber(s, hit.start);
    const own = this.indicatorUnitAt(first.end);
    // A magnitude kanji after spaces multiplies as if glued: 12 万人 = 120000 人 (not 12 and a label 万人).
    let magStart = first.end;
    while (s[magStart] === ' ') magStart++;
    const spacedMag = !own && magStart > first.end && '万千億'.includes(s[magStart] ?? 'x') && !MONEY_UNITS.some((u) => s.startsWith(u, magStart)) &&
      (isBoundary(s[magStart + 1]) || isDigit(s[magStart + 1]) || matchUnitAt(s, magStart + 1) !== null || '万千億'.includes(s[magStart + 1] ?? 'x') ||
        SUFFIX_WORDS.some((w) => s.startsWith(w, magStart + 1)));
    const mag = own ? { value: first.value, end: first.end } : readMagnitude(s, spacedMag ? { ...first, end: magStart } : first);
    let value = mag.value;
    let i = mag.end;
    let unit: string | null = null;
    const plain = !spacedMag && mag.end === first.end;
    // 3年度 is a fiscal-year label that lost its era, never a value in 年 (fiscal-year rules keep it an error).
    if (!own && s.startsWith('年度', mag.end)) stop('year-label', `${quote(s.slice(hit.labelEnd, mag.end + 2))}は年度のため値として読めません`);
    if (own) {
      unit = this.unit;
      i = own;
    } else if (s[i] === '割' && i === first.end) {
      value = first.value * 10;
      unit = '%';
      i++;
      // 3割件, 3割5分: a word or digits after 割 are not a unit of 割.
      if (isDigit(s[i]) || (isWordChar(s[i]) && !SUFFIX_WORDS.some((w) => s.startsWith(w, i))))
        stop('bad-wari', `${quote(s.slice(hit.labelEnd, i + 4))}の「割」の後の文字が読めません。「30%」のように入力してください`);
      this.findings.push(warn('wari', `${quote(first.text + '割')}を${cleanNumber(value)}%として読みました`));
    } else {
      const u = this.readUnit(i);
      unit = u.unit;
      i = u.end;
    }
    // A unit per unit glued together is one unit: 3,210件/月, 452kg/人 (the next label, 5件/住民票 3件, is not).
    const per = unit !== null && !own ? /^\/(\p{L}{1,4})/u.exec(s.slice(i)) : null;
    if (per && isKnownUnit(per[1]!) && !isWordChar(s[i + per[0].length]) && !isDigit(s[i + per[0].length]) && !/^\s*\d/.test(s.slice(i + per[0].length))) {
      unit = `${unit}/${per[1]}`;
      i += per[0].length;
    }
    // Hours and minutes in one value: 12時間30分 = 12.5 時間, or 750 分 when the indicator counts minutes.
    const hm = unit !== null && canonicalUnit(unit) === '時間' && plain && !first.text.includes('.') ? /^(\d{1,2})分/.exec(s.slice(i)) : null;
    if (hm && !isDigit(s[i + hm[0].length]) && !isWordChar(s[i + hm[0].length])) {
      const min = Number(hm[1]);
      if (min >= 60) stop('bad-minutes', `${quote(s.slice(hit.start, i + hm[0].length))}の分が60以上のため読めません`);
      if (this.unit !== null && canonicalUnit(this.unit) === '分') {
        value = first.value * 60 + min;
        unit = this.unit;
      } else value = first.value + min / 60;
      i += hm[0].length;
    }
    if (hit.sign && hit.sign !== '+' && isMinusSign(hit.sign)) {
      value = -value;
      if (hit.sign === KATAKANA_MINUS)
        this.findings.push(warn('katakana-minus', `${quote(hit.sign + first.text)}の「ー」（長音記号）をマイナスとみなしました`));
      else if (hit.sign === DOWN_TRIANGLE)
        this.findings.push(warn('down-triangle-minus', `${quote(hit.sign + first.text)}の「▼」をマイナスとみなしました`));
      else if (hit.detached)
        this.findings.push(warn('detached-sign', `${quote(s.slice(hit.labelEnd, hit.start + first.text.length))}の「${hit.sign}」をマイナスとみなしました`));
    }
    if (/^[1-9]\d{0,2}\.\d{3}$/.test(first.text) && plain && !isPercentLike(unit))
      this.findings.push(warn('ambiguous-decimal', `${quote(first.text)}を小数（${first.value}）として読みました。桁区切りなら「,」を使ってください`));
    value = cleanNumber(value);
    if (!Number.isFinite(value) || Math.abs(value) >= MAX_ABS) stop('too-large', `${quote(first.text)}は大きすぎます`);
    seg.value = value;
    seg.unit = unit;

    // A sign word glued after the value: 1.8%減 = −1.8 %, 3.1%増 = +3.1 %, each with a warning naming it.
    const sw = SIGN_WORDS.find(([w]) => s.startsWith(w, i) && !isDigit(s[i + w.length]) &&
      (!isWordChar(s[i + w.length]) || COMPARATORS.some(([c]) => s.startsWith(c, i + w.length))));
    if (sw) {
      const shown = s.slice(hit.labelEnd, i + sw[0].length);
      if (hit.sign) stop('double-sign', `${quote(shown)}は符号と「${sw[0]}」の両方があり、正負を決められません`);
      seg.value = sw[1] < 0 ? cleanNumber(-seg.value) : seg.value;
      this.findings.push(sw[1] < 0
        ? warn('sign-word', `${quote(shown)}の「${sw[0]}」を負の値として読みました（${formatValue(seg.value, unit)}）`)
        : warn('sign-word', `${quote(shown)}の「${sw[0]}」を正の値として読みました（${formatValue(seg.value, unit)}）`));
      i += sw[0].length;
    }

    // Comparator and approximate words, in any order: 30%以上, 1,000人程度.
    for (;;) {
      let k = i;
      while (s[k] === ' ') k++;
      const cmp = COMPARATORS.find(([w]) => s.startsWith(w, k));
      const apx = APPROX_SUFFIXES.find((w) => s.startsWith(w, k) && !(SHORT_SUFFIXES.includes(w) && isWordChar(s[k + w.length])));
      if (cmp && seg.comparator === null) {
        seg.comparator = cmp[1];
        i = k + cmp[0].length;
      } else if (apx) {
        seg.approx = true;
        i = k + apx.length;
      } else break;
    }
    // 5%減以上 is a reduction of at least 5 %: a change of −5 % or less.
    if (sw && sw[1] < 0 && seg.comparator !== null && seg.comparator !== '=')
      seg.comparator = ({ '>=': '<=', '<=': '>=', '>': '<', '<': '>' } as const)[seg.comparator];
    // Two values joined by a range mark are a range, never the first value: 60%～70%未満.
    const range = RANGE_AFTER.exec(s.slice(i));
    if (range) stop('range', `${quote(s.slice(hit.labelEnd, i + range[0].length + 6))}は範囲のため1つの値として読めません`);
    // A parenthesised note, on the same line or the next: 100%（全校）, 75.8%\n(24年度).
    let k = i;
    while (isSpace(s[k])) k++;
    if (s[k] === '(') {
      const close = s.indexOf(')', k);
      if (close > k) {
        const note = s.slice(k + 1, close).trim();
        seg.note = note === '' ? null : note;
        i = close + 1;
        if (note !== '') this.checkRatioNote(note, seg, (first.text.split('.')[1] ?? '').length);
      }
    }
    return i;
  }

  /** A parenthesised note after a status (`- (22年度)`): skipped, a status carries no number. */
  private skipNote(i: number): number {
    const s = this.s;
    let k = i;
    while (isSpace(s[k])) k++;
    if (s[k] !== '(') return i;
    const close = s.indexOf(')', k);
    return close > k ? close + 1 : i;
  }

  /** A ratio note `(312/741件)` after a percentage must agree with it to the digits written, else a warning. */
  private checkRatioNote(note: string, seg: NumberSegment, decimals: number): void {
    const m = RATIO_NOTE_INNER.exec(note);
    if (!m || seg.unit === null || canonicalUnit(seg.unit) !== '%') return;
    const num = Number(m[1]!.replace(/,/g, ''));
    const den = Number(m[2]!.replace(/,/g, ''));
    const ratio = den === 0 ? NaN : (num / den) * 100;
    // Agrees when it rounds (or truncates) to the digits written: 312/741 = 42.105… → 42.1; 45.0 is checked to 0.1.
    if (Number.isFinite(ratio) && Math.abs(ratio - Math.abs(seg.value)) < 10 ** -decimals + 1e-9) return;
    this.findings.push(warn('ratio-note-mismatch', `${quote(note)}の比率が${quote(formatValue(seg.value, seg.unit))}と一致しません。値は${formatValue(seg.value, seg.unit)}のまま使います`));
  }

  /**
   * The indicator's unit exactly as written, right after the number or after spaces, ending at a word boundary:
   * the end of it, or null. Tried before 千/万 multipliers and before splitting at `/` (452kg/人, 1,204千人).
   */
  private indicatorUnitAt(j: number): number | null {
    const u = this.unit;
    if (u === null) return null;
    const s = this.s;
    let k = j;
    while (s[k] === ' ') k++;
    if (!s.startsWith(u, k)) return null;
    const e = k + u.length;
    if (isDigit(s[e]) || (isWordChar(s[e]) && !SUFFIX_WORDS.some((w) => s.startsWith(w, e)))) return null;
    return e;
  }

  /** The unit after a number (see the rules in the module brief): known units win, unknown glued words follow. */
  private readUnit(i: number): { unit: string | null; end: number } {
    const s = this.s;
    // A unit spelled with a digit (㎡ is m2 after NFKC) would otherwise end at the digit and leave a second number.
    const digitUnit = /^\p{L}{1,3}\d/u.test(s.slice(i, i + 4)) ? matchUnitAt(s, i) : null;
    if (digitUnit && /\d$/.test(digitUnit) && !isDigit(s[i + digitUnit.length]) && !isWordChar(s[i + digitUnit.length]))
      return { unit: digitUnit, end: i + digitUnit.length };
    let e = i;
    while (e < s.length && isWordChar(s[e]) && !(e > i && SUFFIX_WORDS.some((w) => s.startsWith(w, e)))) e++;
    if (SUFFIX_WORDS.some((w) => s.startsWith(w, i))) e = i;
    const word = s.slice(i, e);
    if (word === '') {
      // A known unit after spaces: 1,730 件.
      let k = i;
      while (s[k] === ' ') k++;
      const u = k > i ? matchUnitAt(s, k) : null;
      const next = u ? s[k + u.length] : undefined;
      if (u && ((!isWordChar(next) && !isDigit(next)) || SUFFIX_WORDS.some((w) => s.startsWith(w, k + u.length))) && !SUFFIX_WORDS.includes(u))
        return { unit: u, end: k + u.length };
      return { unit: null, end: i };
    }
    const known = matchUnitAt(word, 0);
    if (known === word) return { unit: word, end: e };
    // The rest of the word is the next label when a value follows.
    if (isDigit(s[e]) || (known !== null && this.findValue(e) !== null)) return known ? { unit: known, end: i + known.length } : { unit: null, end: i };
    return { unit: word, end: e };
  }

  /** Trims a label and takes 約 / ≥ written just before the value. */
  private cleanLabel(raw: string): { label: string | null; approx: boolean; comparator: NumberSegment['comparator'] } {
    let t = raw.replace(/\s+/g, ' ').trim();
    let approx = false;
    let comparator: NumberSegment['comparator'] = null;
    const pre = APPROX_PREFIXES.find((w) => t.endsWith(w));
    if (pre) {
      approx = true;
      t = t.slice(0, -pre.length).trim();
    }
    const cmp = PREFIX_COMPARATORS.find(([w]) => t.endsWith(w));
    if (cmp) {
      comparator = cmp[1];
      t = t.slice(0, -cmp[0].length).trim();
    }
    t = t.replace(LABEL_EDGE, '');
    return { label: t === '' ? null : t, approx, comparator };
  }

  /** Text after the last value (or a cell without any value). */
  private leftover(raw: string): void {
    const t = raw.replace(/\s+/g, ' ').replace(LABEL_EDGE, '');
    if (t === '' && this.segments.length === 0) stop('no-number', `${quote(raw)}は数値として読めません`);
    if (t === '') return;
    // A magnitude kanji or a sign word left after the value changes its number: never drop it (12 億減少 …).
    const dangling = /^[万千億]/.test(t) ? t[0]! : SIGN_WORDS.find(([w]) => t.startsWith(w))?.[0];
    if (this.segments.length > 0 && dangling !== undefined)
      stop('dangling-word', `${quote(raw)}の「${dangling}」が値から離れているため読めません。値に続けて入力してください`);
    // `0 %ー`: a bare number followed by a unit glued to other text; the number would take the indicator's unit.
    const prev = this.segments[this.segments.length - 1];
    const unitAhead = matchUnitAt(t, 0);
    if (prev?.kind === 'number' && prev.unit === null && unitAhead !== null && /^\s/.test(raw))
      stop('detached-unit', `${quote(raw)}の単位「${unitAhead}」を値の単位として読めません。値に続けて入力してください`);
    if (this.segments.length > 0) {
      this.findings.push(warn('label-without-value', `${quote(t)}に対応する値がないため無視しました`));
      return;
    }
    const last = t.split(' ').pop()!;
    if (GRADE_SYMBOLS.test(last))
      stop('grade-symbol', `${quote(last)}は評価記号のため値として読めません。数値を入力してください`);
    stop('no-number', `${quote(t)}は数値として読めません。数値か「未測定」「-」（対象外）などを入力してください`);
  }
}
