/**
 * Text the board shows the same way in the sidebar and on the command line (`shinchoku status`). Imports only types
 * and states.ts, so the sidebar page can bundle it without the engine.
 */
import type { CycleStatus } from './service';

/** Whether 年度確定 would go ahead for the board's year, in one line. */
export function closeLine(s: CycleStatus): string {
  if (s.closed) return `${s.fiscalYearLabel}は年度確定済みです（表示だけです）。`;
  if (!s.inUse) return `${s.fiscalYearLabel}はまだ確認・差戻しの記録がありません。記録ができると、年度確定はすべての部門が確認済みになるまで待ちます。`;
  if (s.unconfirmed.length) return `年度確定はまだできません。確認済みでない部門: ${s.unconfirmed.join('・')}（${s.unconfirmed.length}部門）`;
  return 'すべての部門が確認済みです。年度確定できます。';
}
