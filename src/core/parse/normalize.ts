/** Text normalisation shared by the entry and fiscal-year parsers (domain-research.md §c1). */

/**
 * Circled and list numerals (① ⑴ ⒈ ❶ ➀ ㈠ ㊀ …). NFKC would turn ① into 1 and glue it to the value,
 * so they are removed before NFKC.
 */
const CIRCLED =
  /[\u2460-\u249B\u24EA-\u24FF\u2776-\u2793\u3220-\u3229\u3251-\u325F\u3280-\u3289\u32B1-\u32BF]/g;

/** Removes circled and list numerals. */
export function stripCircledNumerals(s: string): string {
  return s.replace(CIRCLED, '');
}

/**
 * Strips circled numerals, applies NFKC (full-width digits, ％, ，, （）, Ｒ５ → R5, ㋿ → 令和), drops
 * zero-width characters, unifies line breaks and turns tabs into spaces. Does not trim.
 */
export function normalizeText(s: string): string {
  return stripCircledNumerals(s)
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ');
}

/** Removes list markers such as `(1)` at the start of a line when a word follows: `(1)課税証明 1,730件`. */
export function stripListMarkers(s: string): string {
  return s.replace(/^([ ]*)\(\d{1,2}\)(?=[ ]*\p{L})/gmu, '$1');
}

/** Characters meaning minus when written directly before a digit. */
export const MINUS_SIGNS = '-\u2212\u2010\u2011\u2012\u2013\u2014\u2015\u25B2\u25B3\u25BC\u30FC';
/** Katakana prolonged sound mark; minus only with a warning. */
export const KATAKANA_MINUS = '\u30FC';
/** ▼: a falling-triangle minus, accepted with a warning. */
export const DOWN_TRIANGLE = '\u25BC';
/** Dashes that, alone in a cell, mean 対象外 (NFKC has already turned － into -). */
export const DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212';

export const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
export const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
export const isMinusSign = (c: string | undefined): boolean => c !== undefined && c !== '' && MINUS_SIGNS.includes(c);
export const isSign = (c: string | undefined): boolean => c === '+' || isMinusSign(c);

/** Hiragana or katakana (including ー): a ー after kana is a long vowel, not a minus. */
export function isKana(c: string | undefined): boolean {
  return c !== undefined && /[\u3041-\u309F\u30A0-\u30FF\uFF66-\uFF9F]/.test(c);
}

/** A character that may belong to a word (label or unit): letters of any script and a few symbols. */
export function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{M}%°℃㎡]/u.test(c);
}

/** Characters that separate segments or surround values. */
const BOUNDARY = /[\s、,，/／・。:()「」【】\[\]]/;

export function isBoundary(c: string | undefined): boolean {
  return c === undefined || BOUNDARY.test(c);
}

/** Quotes a piece of user text for a message, shortened when long. */
export function quote(s: string, max = 20): string {
  const t = s.trim();
  const chars = Array.from(t);
  return `「${chars.length > max ? chars.slice(0, max).join('') + '…' : t}」`;
}
