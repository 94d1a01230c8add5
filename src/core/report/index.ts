/** The year's report (issue 14): the model every renderer lays out, and its chart. */
export { buildReport, REPORT_TITLE, reportScopes, scopeLabel, type ReportOptions, type ReportScopes } from './build';
export { trajectoryChartSvg, type ChartInput, type ChartPoint } from './chart';
export { fiscalYearBothEras } from './labels';
export * from './model';
export * from './print-layout';
export { COVER_SHEET, PLANS_SHEET, reportPrintSheets } from './print-sheets';
export { FONT_PT, REPORT_PAGE } from './print-builder';
