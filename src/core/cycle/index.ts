/** The yearly cycle (提出 → 所属長確認 → 確認 → 確定, and 差戻し): states, 確認履歴 and the jobs. */
export * from './states';
export * from './records';
export * from './service';
export * from './lock';
export * from './request';
export * from './reminders';
export * from './reminder-rules';
export * from './deadline';
export * from './business-days';
export * from './next-year';
