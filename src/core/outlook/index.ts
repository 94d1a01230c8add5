/** 期待値 and 達成見込み (issue 17): the plan line, expected values, ratios, projections and classes. */
export * from './result';
export * from './plan-line';
export * from './expected';
export * from './ratios';
export * from './forecast';
export * from './classes';
export * from './display';
export * from './indicator-outlook';
export * from './plan-outlook';
export * from './progress-method';
