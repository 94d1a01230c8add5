/** Workbooks for tests: the demo, and another city's plan that shares nothing with the seed. */
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { initWorkbook, setupDepartmentTabs, type PlanInput } from '../../src/core/jobs';
import { MemoryWorkbook } from './memory-workbook';

export function demoBook(): MemoryWorkbook {
  const book = new MemoryWorkbook();
  initWorkbook(book, { settings: demoSettings, master: demoMaster });
  setupDepartmentTabs(book, demoEntries);
  return book;
}

/**
 * 架空の「北浜市 DX推進計画」(FY2024–2028): other departments, units (校, 時間, ポイント, 千円), a decrease
 * indicator with a baseline, a 基準比 indicator, a cumulative one, and its own grade thresholds (S/A/B/C).
 */
export const otherCity: PlanInput = {
  settings: {
    title: '北浜市 DX推進計画',
    firstYear: 2024,
    lastYear: 2028,
    evaluationYear: 2025,
    coordinatorDept: 'DX推進課',
    scale: [
      { grade: 'S', label: '大きく上回る', min: 1.2 },
      { grade: 'A', label: '達成', min: 1 },
      { grade: 'B', label: 'やや遅れ', min: 0.7 },
      { grade: 'C', label: '遅れ', min: null },
    ],
    scaleName: '北浜型',
  },
  master: [
    { no: 1, policy: '暮らしのDX', theme: '窓口', actionPlan: '書かない窓口', name: '書かない窓口導入校', unit: '校',
      reportingDept: '教育総務課', ownerDepts: '教育総務課', relatedDepts: '', targets: { 2024: 5, 2025: '10校', 2026: '15校' } },
    { no: 2, policy: '行政のDX', theme: '働き方', actionPlan: '残業の削減', name: '年間残業時間', unit: '時間', direction: '減少',
      baseline: 50000, baselineYear: 2023, reportingDept: '人事課', ownerDepts: '人事課', relatedDepts: '',
      targets: { 2024: '48,000時間', 2025: '45,000時間', 2026: '40,000時間' } },
    { no: 3, policy: '暮らしのDX', theme: '満足度', actionPlan: '市民満足度', name: '満足度', unit: 'ポイント', method: '基準比',
      baseline: 60, baselineYear: 2023, reportingDept: '広聴課', ownerDepts: '広聴課', relatedDepts: '', targets: { 2025: '65ポイント', 2028: '70ポイント' } },
    { no: 4, policy: '行政のDX', theme: '基盤', actionPlan: 'クラウド移行', name: '移行システム数', unit: 'システム', cumulative: true,
      reportingDept: 'DX推進課', ownerDepts: 'DX推進課', relatedDepts: '', targets: { 2024: 3, 2025: 6, 2026: 9 } },
    { no: 5, policy: '行政のDX', theme: '基盤', actionPlan: '経費削減', name: '運用経費', unit: '千円', direction: '減少',
      reportingDept: 'DX推進課', ownerDepts: 'DX推進課', relatedDepts: '', targets: { 2025: '12,000千円' } },
  ],
};

export function otherCityBook(): MemoryWorkbook {
  const book = new MemoryWorkbook();
  initWorkbook(book, otherCity);
  setupDepartmentTabs(book);
  return book;
}

/** The 実績 cell of an indicator row in a department tab, found by its header text. */
export function actualCell(book: MemoryWorkbook, dept: string, name: string, fy: number): { row: number; col: number } {
  const row = book.find(dept, name).row;
  const col = book.find(dept, `${fy}年度 実績`).col;
  return { row, col };
}
