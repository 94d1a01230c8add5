/**
 * The 環境チェック result as people see it: a table in a dialog, and the same table as Markdown text in the
 * dialog for copying into a mail to IT or the developers. Every text is escaped: details quote what Sheets
 * returned and addresses from 設定, which are data, never markup.
 */
import { VERDICT_LABELS, type EnvRow, type Verdict } from './env-check';

export interface EnvReport {
  /** When it ran, already formatted in the script's zone (e.g. 2026-04-01 09:30). */
  checkedAt: string;
  spreadsheet: string;
  rows: EnvRow[];
}

const HEADERS = ['項目', '結果', '詳細', '対処'] as const;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** 「要確認 2件・OK 9件・情報 2件」 (kinds with no row left out). */
export function reportSummary(rows: readonly EnvRow[]): string {
  const order: Verdict[] = ['check', 'ok', 'info'];
  return order
    .map((v) => [v, rows.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${VERDICT_LABELS[v]} ${n}件`)
    .join('・');
}

function cells(r: EnvRow): string[] {
  return [r.item, VERDICT_LABELS[r.verdict], r.detail, r.action];
}

/** A Markdown table, readable as plain text too. */
export function reportMarkdown(report: EnvReport): string {
  const cell = (s: string) => s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const line = (xs: readonly string[]) => `| ${xs.map(cell).join(' | ')} |`;
  return [
    `進捗 環境チェック（${report.checkedAt}・${report.spreadsheet}）: ${reportSummary(report.rows)}`,
    '',
    line(HEADERS),
    line(HEADERS.map(() => '---')),
    ...report.rows.map((r) => line(cells(r))),
  ].join('\n');
}

const STYLE = `
body{font-family:Arial,"Noto Sans JP",sans-serif;font-size:13px;margin:8px;color:#202124}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #dadce0;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f1f3f4}td:first-child{width:10em}td.verdict{white-space:nowrap;font-weight:bold}
tr.check td.verdict{color:#b3261e}tr.ok td.verdict{color:#137333}tr.info td.verdict{color:#5f6368}
textarea{width:100%;height:8em;font-family:monospace;font-size:12px}`;

/** The dialog's page: the summary, the table, and the Markdown in a read-only box with a copy button. */
export function reportHtml(report: EnvReport): string {
  const e = escapeHtml;
  const rows = report.rows
    .map((r) => `<tr class="${r.verdict}">${cells(r).map((c, i) => `<td${i === 1 ? ' class="verdict"' : ''}>${e(c)}</td>`).join('')}</tr>`)
    .join('\n');
  const hasCheck = report.rows.some((r) => r.verdict === 'check');
  return `<!DOCTYPE html>
<html><head><base target="_top"><meta charset="utf-8"><style>${STYLE}</style></head><body>
<p><b>${e(reportSummary(report.rows))}</b>（${e(report.checkedAt)}・${e(report.spreadsheet)}）${hasCheck ? '。要確認の行は「対処」を読んでください' : ''}</p>
<table><thead><tr>${HEADERS.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
<p>IT 担当者・開発担当者に送るときは、次の文面をコピーしてください。</p>
<textarea id="report" readonly>${e(reportMarkdown(report))}</textarea>
<p><button onclick="copyReport()">コピー</button> <button onclick="google.script.host.close()">閉じる</button></p>
<script>function copyReport(){var t=document.getElementById('report');t.focus();t.select();try{document.execCommand('copy')}catch(x){}}</script>
</body></html>`;
}
