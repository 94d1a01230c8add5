/** Terminal column widths: East Asian wide and full-width characters take two columns. */
import { maxOf } from '../core/workbook';
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c < 0x370)) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd) || c === 0x25b2 || c === 0x25b3;
    w += wide ? 2 : 1;
  }
  return w;
}

/** Cuts a string to at most `width` columns, marking the cut with '…'. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export type Align = 'left' | 'right';

/** A plain text table with aligned columns. */
export function renderTable(header: string[], rows: string[][], align: Align[] = [], maxWidths: number[] = []): string {
  const cells = [header, ...rows].map((r) => r.map((c, i) => (maxWidths[i] ? truncate(c, maxWidths[i]) : c)));
  const widths = header.map((_, i) => maxOf(cells.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - displayWidth(s));
    return align[i] === 'right' ? fill + s : s + fill;
  };
  const line = (r: string[]) => r.map((c, i) => pad(c ?? '', i)).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
