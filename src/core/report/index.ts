/** The year's report (issue 14): the model every renderer lays out, and its chart. */
export { buildReport, REPORT_TITLE, type ReportOptions } from './build';
export { trajectoryChartSvg, type ChartInput, type ChartPoint } from './chart';
export { fiscalYearBothEras } from './labels';
export * from './model';
