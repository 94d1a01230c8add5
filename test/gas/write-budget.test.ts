/**
 * The pieces behind setup's call budget and its resuming, on the fakes: what the fakes model for them (refused
 * editors, the per-call clock, Sheet.clear keeping validations), the document-property store, the resume
 * fingerprints, and the grids and width runs a SheetOutput becomes.
 */
import { DocumentStore } from '../../src/gas/doc-store';
import { fingerprint } from '../../src/core/fingerprint';
import { paintGrid, widthRuns, writtenArea } from '../../src/gas/sheet-layout';
import { ResumeProgress, WriteBudget } from '../../src/gas/write-budget';
import type { SheetOutput } from '../../src/core/workbook';
import { createEnvironment } from './fakes';
import { MSG } from './fakes/errors';


describe('the fakes', () => {
  test('a refused address fails addEditors whole and addEditor alone; the others are added', () => {
    const env = createEnvironment({ refusedEditors: ['typo@example.jq'] });
    const sheet = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    const p = sheet.protect();
    expect(() => p.addEditors(['a@example.jp', 'typo@example.jq'])).toThrow(MSG.invalidEmail('typo@example.jq'));
    expect(p.getEditors().map((u) => u.getEmail())).not.toContain('a@example.jp');
    expect(() => p.addEditor('TYPO@example.jq')).toThrow(/Invalid email/);
    p.addEditors(['a@example.jp']);
    expect(p.getEditors().map((u) => u.getEmail())).toContain('a@example.jp');
    expect(env.context.refusedAttempts).toEqual(['typo@example.jq', 'TYPO@example.jq']);
  });

  test('each script call moves the fake clock by the latency; test-side calls do not', () => {
    const env = createEnvironment({ latencyMs: 250 });
    const start = env.clockMs;
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    ss.getSheets()[0].getName();
    expect(env.clockMs - start).toBe(3 * 250);
    env.spreadsheet.getSheets()[0].getName();
    expect(env.clockMs - start).toBe(3 * 250);
    expect(createEnvironment().timed).toBe(false);
  });

  test('Sheet.clear keeps data validations and notes; a whole-grid setDataValidations of nulls removes them', () => {
    const env = createEnvironment();
    const sheet = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    sheet.getRange('K900').setDataValidation(env.globals.SpreadsheetApp.newDataValidation().requireTextIsEmail().build()).setNote('memo');
    sheet.clear();
    expect(sheet.getRange('K900').getDataValidation()).not.toBeNull();
    expect(sheet.getRange('K900').getNote()).toBe('memo');
    const grid = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
    grid.setDataValidations(paintGrid(sheet.getMaxRows(), sheet.getMaxColumns(), null, []));
    expect(sheet.getRange('K900').getDataValidation()).toBeNull();
  });
});

describe('DocumentStore', () => {
  test('reads every property in one call, writes the changes in one, and drops what is deleted', () => {
    const env = createEnvironment();
    env.properties.document.setProperties({ a: '1', b: '2', other: 'x' });
    env.withGlobals(() => {
      const store = new DocumentStore();
      expect([store.get('a'), store.get('b'), store.keys('a')]).toEqual(['1', '2', ['a']]);
      store.set('a', '1');
      store.set('c', '3');
      store.delete('b');
      expect([store.get('b'), store.get('c')]).toEqual([undefined, '3']);
      store.flush();
    });
    expect(env.calls['Properties.getProperties']).toBe(1);
    expect(env.calls['Properties.setProperties']).toBe(1);
    expect(env.calls['Properties.deleteProperty']).toBe(1);
    expect(env.properties.document.getProperties()).toEqual({ a: '1', c: '3', other: 'x' });
  });

  test('a write over the quota drops the values it would have replaced; nothing throws', () => {
    const env = createEnvironment({ limits: { propertyValueBytes: 8 } });
    env.properties.document.setProperty('k', 'old');
    env.withGlobals(() => {
      const store = new DocumentStore();
      store.set('k', 'much too long for the quota');
      expect(() => store.flush()).not.toThrow();
    });
    expect(env.properties.document.getProperty('k')).toBeNull();
  });

  test('PropertiesService failing: an empty store that never throws', () => {
    const env = createEnvironment();
    env.withGlobals(() => {
      (globalThis as Record<string, unknown>).PropertiesService = {
        getDocumentProperties: () => {
          throw new Error('Service unavailable');
        },
      };
      const store = new DocumentStore();
      expect(store.get('x')).toBeUndefined();
      store.set('x', '1');
      expect(() => store.flush()).not.toThrow();
    });
  });
});

describe('resume progress', () => {
  const out = (name: string, value: string): SheetOutput => ({ name, values: [[value]] });

  test('an output written is known to the next run exactly as it was; another output is not; finishing forgets all', () => {
    const env = createEnvironment({ limits: { propertyValueBytes: 9 * 1024 } });
    env.withGlobals(() => {
      const store = new DocumentStore();
      const progress = new ResumeProgress(store);
      for (let i = 0; i < 1200; i++) progress.add(out(`部門${i}`, 'a'));
      progress.finish(false);
      store.flush();
    });
    // 1,200 fingerprints do not fit one 9 KB value: they are spread over several.
    expect(env.properties.document.getKeys().filter((k) => k.startsWith('shinchoku.resume.')).length).toBeGreaterThan(1);
    env.withGlobals(() => {
      const store = new DocumentStore();
      const next = new ResumeProgress(store);
      expect([next.has(out('部門7', 'a')), next.has(out('部門7', 'b')), next.has(out('部門9999', 'a'))]).toEqual([true, false, false]);
      next.finish(true);
      store.flush();
    });
    expect(env.properties.document.getKeys()).toEqual([]);
  });

  test('fingerprints differ for any change, Dates included, and are stable', () => {
    const a = { name: 't', values: [[1, 'x', new Date(Date.UTC(2024, 3, 1))]] };
    expect(fingerprint(a)).toBe(fingerprint(JSON.parse(JSON.stringify(a))));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, values: [[1, 'x', new Date(Date.UTC(2024, 3, 2))]] }));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, name: 'u' }));
  });

  test('the budget is spent once its milliseconds have passed on the clock', () => {
    let now = 1_000;
    const budget = new WriteBudget(() => now, 270_000);
    now += 269_999;
    expect(budget.exhausted()).toBe(false);
    now += 1;
    expect(budget.exhausted()).toBe(true);
  });
});

describe('sheet layout', () => {
  test('column widths as few runs as painting allows; 0 leaves a column alone', () => {
    expect(widthRuns([0, 26, 26, 0, 18, 18, 18, 18, 18, 18])).toEqual([
      { start: 2, count: 2, width: 26 },
      { start: 5, count: 6, width: 18 },
    ]);
    expect(widthRuns([8, 26, 26, 8, 18, 18])).toEqual([
      { start: 1, count: 4, width: 8 },
      { start: 2, count: 2, width: 26 },
      { start: 5, count: 2, width: 18 },
    ]);
    // Painting 8 over a 0 would change the column left alone.
    expect(widthRuns([8, 0, 8])).toEqual([
      { start: 1, count: 1, width: 8 },
      { start: 3, count: 1, width: 8 },
    ]);
  });

  test('the written area holds values and every range the output styles, validates or notes', () => {
    const out: SheetOutput = {
      name: 't',
      values: [['a', 'b'], ['c']],
      styles: [{ range: { row: 1, col: 1, numRows: 1, numCols: 5 }, style: 'header' }],
      notes: [{ row: 7, col: 1, text: 'n' }],
    };
    expect(writtenArea(out)).toEqual({ rows: 7, cols: 5 });
    expect(paintGrid(2, 3, null, [{ range: { row: 2, col: 2, numRows: 5, numCols: 5 }, value: 'x' }])).toEqual([
      [null, null, null],
      [null, 'x', 'x'],
    ]);
  });
});
