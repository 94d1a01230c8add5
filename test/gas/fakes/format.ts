/**
 * A small display formatter for getDisplayValues(): general numbers, `0`, `0.0…`, `#,##0…`, percents,
 * quoted literals ("件", "¥"), a negative section, `@`, and date patterns (yyyy, MM/M, dd/d, H/HH, mm, ss).
 * It is deliberately simple; locale-specific automatic formats are not modelled.
 */
import type { Stored } from './values';
import { isDateFormat, isGeneral, serialParts } from './values';

export function formatDisplay(value: Stored, format: string | undefined): string {
  if (value === '') return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '#NUM!';
  if (isDateFormat(format)) return formatDate(value, format as string);
  if (isGeneral(format) || format === '@') return formatGeneral(value);
  return formatNumber(value, format as string);
}

/** Sheets' "automatic" format, approximated: up to 10 significant digits. */
export function formatGeneral(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-9 || abs >= 1e15)) {
    const [mant, exp] = n.toExponential(2).split('e');
    const e = Number(exp);
    return `${mant.replace(/\.?0+$/, '')}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(Number(n.toPrecision(10)));
}

/** Rounds half away from zero at `decimals` places without binary artefacts (1.005 → 1.01). */
function roundAbs(abs: number, decimals: number): string {
  const shifted = Math.round(Number(`${abs}e${decimals}`));
  const s = String(shifted).padStart(decimals + 1, '0');
  return decimals ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s;
}

interface Section {
  prefix: string;
  suffix: string;
  intMin: number;
  group: boolean;
  decMin: number;
  decMax: number;
  percent: boolean;
  scientific: boolean;
}

function parseSection(section: string): Section {
  // Tokenize into literals and pattern characters.
  const tokens: { lit: boolean; text: string }[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      tokens.push({ lit: true, text: section.slice(i + 1, stop) });
      i = stop;
    } else if (ch === '\\') {
      tokens.push({ lit: true, text: section[i + 1] ?? '' });
      i++;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? section.length : end);
      const currency = /^\$([^-\]]*)/.exec(inner);
      if (currency) tokens.push({ lit: true, text: currency[1] });
      i = end < 0 ? section.length : end;
    } else if (ch === '_' || ch === '*') {
      i++; // padding directives: ignore the next character
    } else {
      tokens.push({ lit: !/[0#?,.%Ee+-]/.test(ch), text: ch });
    }
  }
  const isCore = (t: { lit: boolean; text: string }) => !t.lit && /[0#?,.Ee]/.test(t.text);
  const first = tokens.findIndex(isCore);
  let last = -1;
  tokens.forEach((t, i) => {
    if (isCore(t) || (!t.lit && /[+-]/.test(t.text) && i > first && first >= 0)) last = i;
  });
  const textOf = (ts: typeof tokens) => ts.map((t) => (t.text === '%' ? '%' : t.text)).join('');
  const prefix = first < 0 ? textOf(tokens) : textOf(tokens.slice(0, first));
  const suffix = first < 0 ? '' : textOf(tokens.slice(last + 1));
  const core = first < 0 ? '' : tokens.slice(first, last + 1).map((t) => t.text).join('');
  const percent = tokens.some((t) => !t.lit && t.text === '%');
  const scientific = /E/i.test(core);
  const mantissa = core.split(/E/i)[0];
  const [intPart, decPart = ''] = mantissa.split('.');
  return {
    prefix,
    suffix,
    intMin: (intPart.match(/0/g) ?? []).length,
    group: intPart.includes(','),
    decMin: (decPart.match(/0/g) ?? []).length,
    decMax: (decPart.match(/[0#?]/g) ?? []).length,
    percent,
    scientific,
  };
}

export function formatNumber(n: number, format: string): string {
  const sections = format.split(';');
  const useNegative = n < 0 && sections.length > 1;
  const sec = parseSection(useNegative ? sections[1] : sections[0]);
  let abs = Math.abs(n) * (sec.percent ? 100 : 1);
  if (sec.percent) abs = Number(abs.toPrecision(15));
  let body: string;
  if (sec.scientific) {
    const [mant, exp] = abs.toExponential(sec.decMax).split('e');
    const e = Number(exp);
    body = `${mant}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else {
    let s = roundAbs(abs, sec.decMax);
    let [ip, dp = ''] = s.split('.');
    while (dp.length > sec.decMin && dp.endsWith('0')) dp = dp.slice(0, -1);
    ip = ip.replace(/^0+/, '');
    if (ip.length < sec.intMin) ip = ip.padStart(sec.intMin, '0');
    if (sec.group) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    s = dp ? `${ip}.${dp}` : ip;
    body = s === '' ? '0' : s;
  }
  const isZero = !/[1-9]/.test(body);
  const sign = n < 0 && !useNegative && !isZero ? '-' : '';
  return `${sign}${sec.prefix}${body}${sec.suffix}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(serial: number, format: string): string {
  const p = serialParts(serial);
  const runs: { lit: boolean; text: string }[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end;
      runs.push({ lit: true, text: format.slice(i + 1, stop) });
      i = stop;
    } else if (/[ymdhsMDHYS]/.test(ch)) {
      let j = i;
      while (j < format.length && format[j].toLowerCase() === ch.toLowerCase()) j++;
      runs.push({ lit: false, text: format.slice(i, j) });
      i = j - 1;
    } else runs.push({ lit: true, text: ch });
  }
  const out: string[] = [];
  runs.forEach((r, i) => {
    if (r.lit) return out.push(r.text);
    const k = r.text[0].toLowerCase();
    const len = r.text.length;
    const pad = (n: number) => (len >= 2 ? String(n).padStart(2, '0') : String(n));
    if (k === 'y') return out.push(len <= 2 ? String(p.y % 100).padStart(2, '0') : String(p.y));
    if (k === 'd') return out.push(pad(p.d));
    if (k === 'h') return out.push(pad(p.h));
    if (k === 's') return out.push(pad(p.s));
    // m: minutes after an hour token or before a seconds token, otherwise month.
    const prev = runs.slice(0, i).reverse().find((x) => !x.lit);
    const next = runs.slice(i + 1).find((x) => !x.lit);
    const minute = (prev && prev.text[0].toLowerCase() === 'h') || (next && next.text[0].toLowerCase() === 's');
    if (minute) return out.push(pad(p.mi));
    if (len === 3) return out.push(MONTHS[p.mo - 1]);
    return out.push(pad(p.mo));
  });
  return out.join('');
}
