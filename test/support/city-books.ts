/**
 * City books for consolidation: the demo plan (吹田市) dressed as other cities — another name in 計画名, another
 * 全国地方公共団体コード, some 実績 left out, some without a rollup, some with a longer plan period, some with the
 * evaluation year closed. Used by test/core/consolidate.test.ts, test/node/consolidate-cli.test.ts and the bench.
 */
import { calendarDate } from '../../src/core/calendar';
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { checkDigit } from '../../src/core/export/municipality-code';
import { initWorkbook, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import type { WorkbookPort } from '../../src/core/workbook';
import { closeYear } from '../../src/core/year-lock';

export interface CityVariant {
  /** The municipality, put in front of the demo's 計画名 in place of 吹田市. */
  name: string;
  /** The 5 digits (都道府県 + 市区町村); the check digit is added. '' leaves 設定's code empty. */
  code5: string;
  /** Run rollup (write 達成状況) before the book is handed over. */
  rollup: boolean;
  /** Close the evaluation year (年度確定). */
  close?: boolean;
  /** Last year of the plan period (the demo's is 2023). */
  lastYear?: number;
  /** Leave out every n-th of the demo's 実績 (0: keep all), so cities' counts differ. */
  dropEvery?: number;
}

export const codeOf = (code5: string) => (code5 ? `${code5}${checkDigit(code5)}` : '');

const ACTOR = { now: calendarDate(2021, 6, 30, 10, 0, 0), user: 'kikaku@city.example.lg.jp' };

/** Fills `book` (empty) with the demo plan as city `v`. */
export function fillCityBook<B extends WorkbookPort>(book: B, v: CityVariant): B {
  const settings = {
    ...demoSettings,
    title: demoSettings.title.replace('吹田市', v.name),
    municipalityCode: codeOf(v.code5),
    lastYear: v.lastYear ?? demoSettings.lastYear,
  };
  initWorkbook(book, { settings, master: demoMaster });
  setupDepartmentTabs(book, v.dropEvery ? demoEntries.filter((_, i) => i % v.dropEvery! !== 0) : demoEntries);
  if (v.rollup) rollupWorkbook(book);
  if (v.close) closeYear(book, null, ACTOR, { forceReason: 'テスト用の集約データ', commandLine: true });
  return book;
}

/** The i-th of a generated set of cities: names and codes differ, and every 4th/5th/7th varies as the bench needs. */
export function generatedCity(i: number): CityVariant {
  return {
    name: `試験${i + 1}市`,
    // 都道府県 01–47 and a 市区町村 part of 3 digits: distinct for i < 47,000.
    code5: `${String((i % 47) + 1).padStart(2, '0')}${String(100 + Math.floor(i / 47)).padStart(3, '0')}`,
    rollup: i % 4 !== 3,
    close: i % 5 === 0,
    lastYear: i % 7 === 6 ? 2024 : undefined,
    dropEvery: (i % 3) + 2,
  };
}
