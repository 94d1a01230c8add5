/**
 * Notes the check puts on the cells its findings are about, so a department sees the problem where it typed.
 * The add-in's part of a note is marked; a note a person wrote on the same cell is kept below it, and a later
 * check replaces only the marked part.
 */
import { severityLabel, type Finding } from '../model';
import { parseA1, type CellText } from '../workbook';

export const FINDING_NOTE_MARK = '【入力チェック】';
const SEPARATOR = '\n――――\n';

/** What a cell's note becomes: the finding text (if any) on top of whatever a person wrote there. */
export function withFindingNote(existing: string, finding: string | undefined): string {
  let own = existing;
  if (own.startsWith(FINDING_NOTE_MARK)) {
    const cut = own.indexOf(SEPARATOR);
    own = cut < 0 ? '' : own.slice(cut + SEPARATOR.length);
  }
  if (!finding) return own;
  return own ? `${finding}${SEPARATOR}${own}` : finding;
}

/** The notes for each sheet: one per cell, all of that cell's findings in it, errors first. */
export function findingNotes(findings: Finding[], sheets: readonly string[]): Map<string, CellText[]> {
  const bySheet = new Map<string, Map<string, { row: number; col: number; lines: Finding[] }>>(sheets.map((s) => [s, new Map()]));
  for (const f of findings) {
    const cells = bySheet.get(f.sheet);
    const at = parseA1(f.cell);
    if (!cells || !at) continue;
    const key = `${at.row},${at.col}`;
    const entry = cells.get(key) ?? { ...at, lines: [] };
    entry.lines.push(f);
    cells.set(key, entry);
  }
  const out = new Map<string, CellText[]>();
  for (const [sheet, cells] of bySheet) {
    out.set(sheet, [...cells.values()].map(({ row, col, lines }) => {
      const sorted = [...lines].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
      return { row, col, text: FINDING_NOTE_MARK + sorted.map((f) => `\n${severityLabel(f.severity)}: ${f.message}`).join('') };
    }));
  }
  return out;
}

/**
 * What a person wrote in a cell's note, to carry to where the cell went when its sheet is rebuilt: the check's marked
 * part is left out (the next check writes its own), and so is `ours`, the note the rebuilt sheet puts there itself.
 */
export function peoplesNote(existing: string, ours?: string): string {
  let own = withFindingNote(existing, undefined);
  if (ours && own.startsWith(ours)) own = own.slice(ours.length).replace(/^\n/, '');
  return own;
}

/** A rebuilt cell's note: its own (if any) with the person's below it, as peoplesNote reads them apart again. */
export function carriedNote(ours: string | undefined, people: string): string {
  return ours ? `${ours}\n${people}` : people;
}
