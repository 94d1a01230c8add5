/** Markdown tables and number formatting for the bench report. */

export type Cell = string | number;

export interface Table {
  title: string;
  head: string[];
  rows: Cell[][];
  /** Lines printed under the table (sources, what was measured, verdicts). */
  notes?: string[];
}

export interface Section {
  title: string;
  intro?: string[];
  tables: Table[];
}

const text = (c: Cell) => (typeof c === 'number' ? fmt(c) : c);

/** A number with thousands separators and up to `digits` decimals (fewer for big numbers). */
export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const d = Math.abs(n) >= 1000 ? 0 : Math.abs(n) >= 100 ? Math.min(digits, 1) : digits;
  return n.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: d });
}

export const ms = (v: number) => `${fmt(v, v < 10 ? 2 : 0)} ms`;
export const sec = (v: number) => `${fmt(v, v < 10 ? 2 : 1)} s`;
export const mb = (bytes: number) => `${fmt(bytes / 1048576, 0)} MB`;
/** A file size: KB below 1 MB, MB above. */
export const size = (bytes: number) => (bytes < 1048576 ? kb(bytes) : `${fmt(bytes / 1048576, 1)} MB`);
export const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;
export const ratio = (v: number) => `${fmt(v, 2)}×`;

export function markdownTable(t: Table): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const rows = [line(t.head), line(t.head.map((_, i) => (i === 0 ? '---' : '---:'))), ...t.rows.map((r) => line(r.map(text)))];
  return [`**${t.title}**`, '', ...rows, ...(t.notes?.length ? ['', ...t.notes.map((n) => `- ${n}`)] : [])].join('\n');
}

export function markdownSection(s: Section): string {
  return [`## ${s.title}`, '', ...(s.intro?.length ? [...s.intro, ''] : []), s.tables.map(markdownTable).join('\n\n')].join('\n');
}
