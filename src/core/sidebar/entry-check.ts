/**
 * How one typed 実績 is understood, for the sidebar's live feedback: the same parser and the same label and unit
 * rules as the rollup (resolveCell), so the page never tells a person something the rollup will contradict.
 */
import { resolveCell } from '../entries';
import type { Indicator, SourceCell } from '../model';
import { formatValue } from '../parse/format';
import type { FormRow } from './types';

export interface EntryFeedback {
  kind: 'empty' | 'number' | 'status' | 'error';
  /** How it was understood: `−16.7%`, `1,730件`, `未測定`; '' when empty or wrong. */
  understood: string;
  /** The number read (kind 'number'), in the indicator's unit. */
  value?: number;
  messages: { severity: 'error' | 'warning'; message: string }[];
}

function indicator(no: number, name: string, unit: string, dept: string): Indicator {
  return {
    no, name, unit, reportingDept: dept, policy: '', theme: '', actionPlan: '', direction: '増加', method: '実績÷目標',
    baseline: null, baselineYear: null, cumulative: false, ownerDepts: '', relatedDepts: '', state: '実施中', note: '', targets: new Map(), row: 0,
  };
}

/** A minus shown as the typographic minus, so `-16.7%` reads unmistakably as negative. */
function shown(value: number, unit: string): string {
  return formatValue(value, unit).replace(/^-/, '−');
}

export function checkEntry(text: string, row: Pick<FormRow, 'no' | 'name' | 'unit' | 'siblings'>): EntryFeedback {
  const cell: SourceCell = { value: text, format: '@', sheet: '', row: 1, col: 1 };
  const ind = indicator(row.no, row.name, row.unit, '');
  const siblings = row.siblings.map((s) => indicator(row.no, s.name, '', s.dept));
  const { result, findings, foreign } = resolveCell(cell, ind, siblings, 'actual');
  const messages = findings.map((f) => ({ severity: f.severity, message: f.message }));
  const others = foreign.map(({ indicator: i, segment }) =>
    segment.kind === 'status' ? `${i.name}: ${segment.status}` : `${i.name}: ${shown(segment.value, segment.unit ?? '')}`);
  switch (result.kind) {
    case 'empty':
      return { kind: 'empty', understood: others.join('、'), messages };
    case 'error':
      return { kind: 'error', understood: '', messages };
    case 'status':
      return { kind: 'status', understood: [result.status, ...others].join('、'), messages };
    case 'number': {
      const value = `${result.approx ? '約' : ''}${shown(result.value, row.unit)}`;
      return { kind: 'number', understood: [value, ...others].join('、'), value: result.value, messages };
    }
  }
}
