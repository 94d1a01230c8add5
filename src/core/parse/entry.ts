/**
 * The entry parser: what a person typed in a 実績/予定 cell → numbers with units, statuses or findings
 * (domain.md §3, domain-research.md §c). Pure; never throws; never yields NaN or Infinity.
 */
import type { Scalar } from '../workbook';
import { cleanNumber, formatValue } from './format';
import {
  DASHES, DOWN_TRIANGLE, KATAKANA_MINUS, isBoundary, isDigit, isKana, isMinusSign, isSign, isWordChar, normalizeText, quote, stripListMarkers,
} from './normalize';
import type { EntryParse, EntryStatus, NumberSegment, ParseFinding, Segment } from './types';
import { MONEY_UNITS, isPercentLike, matchUnitAt } from './units';

export interface ParseEntryOptions {
  /** The cell's number format; a `%` in it means the person typed a percentage (0.307 → 30.7 %). */
  numberFormat?: string;
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
  try {
    if (input === null || input === undefined) return empty();
    if (typeof input === 'boolean') return failed(err('boolean', 'TRUE/FALSE は実績値として読めません'));
    if (input instanceof Date) return failed(err('date', '日付は実績値として読めません'));
    if (typeof input === 'number') return parseNumberCell(input, options.numberFormat ?? '');
    return new TextParser(String(input)).run();
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
];
const APPROX_SUFFIXES = ['程度', '前後', 'くらい', 'ぐらい'];
const APPROX_PREFIXES = ['約', 'およそ', '概ね', 'おおむね', '大体', 'だいたい'];
const PREFIX_COMPARATORS: [string, NonNullable<NumberSegment['comparator']>][] = [
  ['>=', '>='], ['≧', '>='], ['≥', '>='], ['<=', '<='], ['≦', '<='], ['≤', '<='], ['>', '>'], ['<', '<'],
];
const SUFFIX_WORDS = [...COMPARATORS.map(([w]) => w), ...APPROX_SUFFIXES];

/** Characters trimmed from both ends of a label. */
const LABEL_EDGE = /^(?:[\s、,/・。:=]|及び)+|(?:[\s、,/・。:=]|及び)+$/g;

// ---- the scanner ----

type Hit =
  | { kind: 'number'; labelEnd: number; start: number; sign: string | null; detached: boolean }
  | { kind: 'status'; labelEnd: number; hit: StatusHit }
  | { kind: 'dash'; labelEnd: number; end: number; katakana: boolean };

const GRADE_SYMBOLS = /^[◎○〇●△▲▽▼×✕☓✗◯]+$/;

class TextParser {
  private readonly s: string;
  private readonly findings: ParseFinding[] = [];
  private readonly segments: Segment[] = [];

  constructor(raw: string) {
    this.s = stripListMarkers(normalizeText(raw)).trim();
  }

  run(): EntryParse {
    const s = this.s;
    if (s === '') return empty();
    if (s.length > MAX_LENGTH) return failed(err('too-long', `長すぎるため値として読めません（${s.length}文字）`));
    // What a formula left in the cell: its error value (#DIV/0!) or, in a text cell, the formula itself.
    if (FORMULA_ERROR.test(s)) return failed(err('formula-error', `${quote(s)}は数式のエラーです。数式を直すか、値を入力してください`));
    if (s.startsWith('=')) return failed(err('no-number', `${quote(s)}は数式の文字列のため値として読めません。計算結果の値を入力してください`));
    for (const [re, code, msg] of PRECHECKS) {
      const m = re.exec(s);
      if (m) return failed(err(code, msg(m[0])));
    }
    try {
      this.scan();
    } catch (e) {
      if (e instanceof Stop) return failed(...this.findings, e.finding);
      throw e;
    }
    const unlabelled = this.segments.filter((g) => g.label === null).length;
    if (this.segments.length > 1 && unlabelled > 1)
      return failed(...this.findings, err('ambiguous-values', `${quote(s)}には名前のない値が複数あり、どれを使うか決められません`));
    return { empty: false, segments: this.segments, findings: this.findings };
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
        if (hit.hit.flag === 'assumed') this.findings.push(warn('status-assumed', `「${hit.hit.word}」は未測定として扱いました`));
        p = hit.hit.end;
      } else if (hit.kind === 'dash') {
        this.segments.push({ kind: 'status', status: '対象外', label });
        if (hit.katakana) this.findings.push(warn('katakana-dash', '「ー」（長音記号）は「-」（対象外）とみなしました'));
        p = hit.end;
      } else {
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
    const mag = readMagnitude(s, first);
    let value = mag.value;
    let i = mag.end;
    let unit: string | null = null;
    if (s[i] === '割' && i === first.end) {
      value = first.value * 10;
      unit = '%';
      i++;
      this.findings.push(warn('wari', `${quote(first.text + '割')}を${cleanNumber(value)}%として読みました`));
    } else {
      const u = this.readUnit(i);
      unit = u.unit;
      i = u.end;
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
    if (/^[1-9]\d{0,2}\.\d{3}$/.test(first.text) && mag.end === first.end && !isPercentLike(unit))
      this.findings.push(warn('ambiguous-decimal', `${quote(first.text)}を小数（${first.value}）として読みました。桁区切りなら「,」を使ってください`));
    value = cleanNumber(value);
    if (!Number.isFinite(value) || Math.abs(value) >= MAX_ABS) stop('too-large', `${quote(first.text)}は大きすぎます`);
    seg.value = value;
    seg.unit = unit;

    // Comparator and approximate words, in any order: 30%以上, 1,000人程度.
    for (;;) {
      let k = i;
      while (s[k] === ' ') k++;
      const cmp = COMPARATORS.find(([w]) => s.startsWith(w, k));
      const apx = APPROX_SUFFIXES.find((w) => s.startsWith(w, k));
      if (cmp && seg.comparator === null) {
        seg.comparator = cmp[1];
        i = k + cmp[0].length;
      } else if (apx) {
        seg.approx = true;
        i = k + apx.length;
      } else break;
    }
    // A parenthesised note: 100%（全校）.
    let k = i;
    while (s[k] === ' ') k++;
    if (s[k] === '(') {
      const close = s.indexOf(')', k);
      if (close > k) {
        const note = s.slice(k + 1, close).trim();
        seg.note = note === '' ? null : note;
        i = close + 1;
      }
    }
    return i;
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
      if (u && isBoundary(s[k + u.length]) && !SUFFIX_WORDS.includes(u)) return { unit: u, end: k + u.length };
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
