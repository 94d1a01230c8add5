/** Terminal column widths: East Asian wide and full-width characters take two columns. */
import { displayWidth } from '../core/text-width';
import { maxOf } from '../core/workbook';

export { displayWidth };

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
