/**
 * 全国地方公共団体コード (JIS X 0402 with its 検査数字): 2 digits of 都道府県, 3 of 市区町村, 1 check digit.
 *
 * The check digit is modulus 11 with weights 6, 5, 4, 3, 2 over the first five digits: the check digit is the last
 * digit of 11 − (sum mod 11), so a remainder of 0 gives 1 and of 1 gives 0. Source: 総務省「全国地方公共団体コード」
 * (https://www.soumu.go.jp/denshijiti/code.html) and JIS X 0402; the rule with its table of remainders is restated at
 * https://wiki.hgotoh.jp/documents/code/code-014 (checked: 北海道 010006, 大阪府吹田市 272051).
 */
import type { Finding } from '../model';
import { SHEET } from '../layout/sheet-names';
import { cellText } from '../layout/table';
import type { Scalar } from '../workbook';

const WEIGHTS = [6, 5, 4, 3, 2] as const;

/** The 検査数字 of a 5-digit code (`27205` → 1). */
export function checkDigit(five: string): number {
  if (!/^\d{5}$/.test(five)) throw new Error(`not a 5-digit code: ${five}`);
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(five[i]), 0);
  return (11 - (sum % 11)) % 10;
}

/** Whether a 6-digit code's last digit is the check digit of its first five. */
export function isValidCode(six: string): boolean {
  return /^\d{6}$/.test(six) && checkDigit(six.slice(0, 5)) === Number(six[5]);
}

/**
 * Reads 設定's 全国地方公共団体コード: '' for an empty cell; the 6 digits when they read (full-width digits and spaces
 * accepted; a number cell that lost its leading zero, like 北海道's 10006, is padded); otherwise an error finding on
 * the cell and '' (a wrong code in published data is worse than none).
 */
export function readMunicipalityCode(raw: Scalar, key: string, cell: string): { code: string; findings: Finding[] } {
  const text = cellText(raw).normalize('NFKC').replace(/[\s-]/g, '');
  if (!text) return { code: '', findings: [] };
  // Only a number cell of five digits can have lost a leading zero (都道府県 01–09); said as a warning, not guessed silently.
  const padded = typeof raw === 'number' && /^\d{5}$/.test(text) && isValidCode(`0${text}`);
  const digits = padded ? `0${text}` : text;
  if (isValidCode(digits)) {
    const findings: Finding[] = padded
      ? [finding('warning', cell, `「${key}」が数値として入力され先頭の0が落ちていたため、${digits} と読みました。違うときは6桁の文字として入力してください`)]
      : [];
    return { code: digits, findings };
  }
  const hint = /^\d{5}$/.test(text)
    ? `検査数字を付けた6桁（${text}${checkDigit(text)}）で入力してください`
    : /^\d{6}$/.test(digits)
      ? `最後の検査数字が合いません（${digits.slice(0, 5)} の検査数字は ${checkDigit(digits.slice(0, 5))}）。総務省の「全国地方公共団体コード」で確かめてください`
      : '6桁の数字（5桁のコードと検査数字。例: 吹田市は 272051）で入力してください';
  return { code: '', findings: [finding('error', cell, `「${key}」の「${cellText(raw)}」は全国地方公共団体コードとして読めません。${hint}`)] };
}

function finding(severity: Finding['severity'], cell: string, message: string): Finding {
  return { severity, code: 'bad-municipality-code', sheet: SHEET.settings, cell, indicator: '', message };
}
