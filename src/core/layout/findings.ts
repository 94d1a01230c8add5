/** 検証結果 (generated): every finding of the last check, each linked to its cell. */
import { severityLabel, type Finding } from '../model';
import type { Scalar, SheetData, SheetOutput } from '../workbook';
import { SHEET } from './sheet-names';
import { clipText, findHeaderRow, textAt } from './table';

const FINDING_HEADERS = ['重要度', 'シート', 'セル', '指標', '内容'];

export function findingsSheet(findings: Finding[]): SheetOutput {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const values: Scalar[][] = [
    [`検証結果（エラー ${errors}件・警告 ${findings.length - errors}件）`],
    FINDING_HEADERS,
    ...findings.map((f) => [severityLabel(f.severity), clipText(f.sheet), f.cell, clipText(f.indicator), clipText(f.message)]),
  ];
  if (!findings.length) values.push(['', '', '', '', '問題は見つかりませんでした']);
  return {
    name: SHEET.findings,
    values,
    position: 3,
    styles: [
      { range: { row: 1, col: 1, numRows: 1, numCols: 1 }, style: 'title' },
      { range: { row: 2, col: 1, numRows: 1, numCols: FINDING_HEADERS.length }, style: 'header' },
    ],
    links: findings.flatMap((f, i) => (f.cell && f.sheet ? [{ row: 3 + i, col: 3, sheet: f.sheet, cell: f.cell }] : [])),
    frozenRows: 2,
    columnWidths: [8, 14, 8, 26, 90],
  };
}

/** Findings read back from 検証結果. */
export function readFindingsTable(sheet: SheetData): Omit<Finding, 'code'>[] {
  const header = findHeaderRow(sheet.values, FINDING_HEADERS.map((h) => ({ header: h, required: true })), 10, FINDING_HEADERS.length);
  if (!header) return [];
  const out: Omit<Finding, 'code'>[] = [];
  for (let r = header.row + 1; r <= sheet.values.length; r++) {
    const sev = textAt(sheet.values, r, 1);
    if (!sev) continue;
    out.push({ severity: sev === 'エラー' ? 'error' : 'warning', sheet: textAt(sheet.values, r, 2), cell: textAt(sheet.values, r, 3), indicator: textAt(sheet.values, r, 4), message: textAt(sheet.values, r, 5) });
  }
  return out;
}

