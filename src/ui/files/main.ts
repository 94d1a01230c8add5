/**
 * 部門ファイルの配布・回収 (issue 16), a dialog of its own so that exceljs and JSZip (some 1 MB) load only here,
 * never with the sidebar: the server sends each department file's sheets (sidebarIssueFiles) and the page builds the
 * .xlsx files (one, or all in a .zip) for download; chosen returned files are read here and their sheets sent to be
 * collected (sidebarCollectFiles), with the command line's checks and report.
 */
import JSZip from 'jszip';
import type { CollectResult } from '../../core/files/collect';
import { collectText } from '../../core/files/collect-text';
import type { FilesIssue, IssuedFile, UploadedFile } from '../../core/files/exchange';
import { formatFiscalYear } from '../../core/parse/fiscal-year';
import { readUploadedFile, workbookBytes } from '../../xlsx/department-file-io';
import { append, el, fill } from '../dom';
import { call } from '../server';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PREFER_HINT = 'ファイルの値にするには「競合したセルはファイルの値にする」を選んでもう一度取り込んでください';

/** Saves bytes as a file through the browser's download (HtmlService's sandbox allows downloads). */
function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

class FilesPage {
  readonly root = el('div', { id: 'files-page' });
  private readonly year = el('select', { id: 'files-year', 'aria-describedby': 'issue-status' });
  private readonly issueStatus = el('p', { id: 'issue-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly list = el('ul', { id: 'issue-files', class: 'files', 'aria-label': '部門ファイル' });
  private readonly zip = el('button', { type: 'button', id: 'download-zip', class: 'primary', disabled: true }, 'すべてダウンロード（.zip）');
  private readonly chooser = el('input', { type: 'file', id: 'collect-files', multiple: true, accept: `.xlsx,${XLSX_TYPE}` });
  private readonly prefer = el('input', { type: 'checkbox', id: 'prefer-file' });
  private readonly run = el('button', { type: 'button', id: 'collect-run', class: 'primary', disabled: true }, '取り込む');
  private readonly collectStatus = el('p', { id: 'collect-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly result = el('div', { id: 'collect-result', 'aria-live': 'polite' });
  private issue: FilesIssue | null = null;

  constructor() {
    this.year.addEventListener('change', () => void this.load(Number(this.year.value)));
    this.zip.addEventListener('click', () => void this.downloadAll());
    this.chooser.addEventListener('change', () => (this.run.disabled = !this.chooser.files?.length));
    this.run.addEventListener('click', () => void this.collect());
    const close = el('button', { type: 'button', id: 'files-close' }, '閉じる');
    close.addEventListener('click', () => google.script.host.close());
    append(this.root,
      el('h1', {}, '部門ファイルの配布・回収'),
      el('div', { class: 'field' }, el('label', { for: 'files-year' }, '年度'), this.year),
      el('section', { 'aria-labelledby': 'issue-heading' },
        el('h2', { id: 'issue-heading' }, '配布（照会）'),
        el('p', {}, '部門ごとの記入用ファイル（.xlsx）です。各部門にメールで送り、その年度の実績・コメントなどを記入して、ファイル名を変えずに返送してもらいます。予定とほかの年度は変更できません。'),
        el('div', { class: 'actions' }, this.zip), this.list, this.issueStatus),
      el('section', { 'aria-labelledby': 'collect-heading' },
        el('h2', { id: 'collect-heading' }, '回収'),
        el('p', {}, '返ってきたファイルを選んで取り込みます（いくつでも一度に選べます）。ファイルの部門・年度・計画マスタを確かめ、部門が変えたセルだけを部門シートに書き、変更履歴に「回収（ファイル名）」と記録します。同じファイルをもう一度取り込んでも何も変わりません。'),
        el('div', { class: 'field' }, el('label', { for: 'collect-files' }, '返ってきたファイル（.xlsx）'), this.chooser),
        el('div', { class: 'field check' }, this.prefer, el('label', { for: 'prefer-file' }, '競合したセル（配布した後にブックでも変えられたセル）はファイルの値にする')),
        el('div', { class: 'actions' }, this.run), this.collectStatus, this.result),
      el('div', { class: 'actions end' }, close));
  }

  /** The files of a year (null: 評価年度). */
  async load(year: number | null): Promise<void> {
    this.show(this.issueStatus, '部門ファイルを準備しています…');
    this.zip.disabled = true;
    fill(this.list);
    try {
      this.issue = await call('sidebarIssueFiles', year);
      this.render(this.issue);
      this.show(this.issueStatus, `${this.issue.fiscalYearLabel}の部門ファイル ${this.issue.files.length}件`);
    } catch (e) {
      this.issue = null;
      this.show(this.issueStatus, (e as Error).message, 'error');
    }
  }

  private render(issue: FilesIssue): void {
    fill(this.year, ...issue.years.map((y) => el('option', { value: y, selected: y === issue.fiscalYear }, formatFiscalYear(y))));
    // The year asked for may be closed (not in years); the select still shows it.
    if (!issue.years.includes(issue.fiscalYear)) this.year.prepend(el('option', { value: issue.fiscalYear, selected: true }, issue.fiscalYearLabel));
    this.zip.disabled = !issue.files.length;
    fill(this.list, ...issue.files.map((f) => {
      const b = el('button', { type: 'button', class: 'link', 'data-dept': f.dept }, 'ダウンロード');
      b.addEventListener('click', () => void this.downloadOne(f));
      return el('li', {}, el('span', { class: 'dept' }, f.dept), ' ', el('span', { class: 'file-name' }, f.fileName), ' ', b);
    }));
  }

  private async downloadOne(f: IssuedFile): Promise<void> {
    try {
      download(f.fileName, new Blob([await workbookBytes(f.sheets)], { type: XLSX_TYPE }));
      this.show(this.issueStatus, `${f.fileName} をダウンロードしました。`);
    } catch (e) {
      this.show(this.issueStatus, `${f.fileName} を作れませんでした（${(e as Error).message}）`, 'error');
    }
  }

  private async downloadAll(): Promise<void> {
    const issue = this.issue;
    if (!issue) return;
    this.zip.disabled = true;
    this.show(this.issueStatus, `${issue.files.length}件のファイルを作っています…`);
    try {
      const zip = new JSZip();
      for (const f of issue.files) zip.file(f.fileName, await workbookBytes(f.sheets));
      download(issue.zipName, await zip.generateAsync({ type: 'blob', compression: 'DEFLATE' }));
      this.show(this.issueStatus, `${issue.zipName}（${issue.files.length}件）をダウンロードしました。展開して各部門に送ってください。`);
    } catch (e) {
      this.show(this.issueStatus, `まとめたファイルを作れませんでした（${(e as Error).message}）`, 'error');
    } finally {
      this.zip.disabled = false;
    }
  }

  private async collect(): Promise<void> {
    const chosen = [...(this.chooser.files ?? [])];
    if (!chosen.length) return;
    this.run.disabled = true;
    fill(this.result);
    this.show(this.collectStatus, `${chosen.length}件のファイルを読んでいます…`);
    try {
      const files: UploadedFile[] = [];
      for (const f of chosen) files.push(await readUploadedFile(f.name, await f.arrayBuffer()));
      this.show(this.collectStatus, '取り込んでいます…');
      const year = this.issue?.fiscalYear ?? null;
      const result = await call('sidebarCollectFiles', { year, preferFile: this.prefer.checked, files });
      this.showResult(result);
      const imported = result.files.filter((r) => r.outcome === 'imported').length;
      const refused = result.files.filter((r) => r.outcome === 'refused').length;
      const text = [
        imported ? `${imported}件のファイルから取り込みました。集計すると達成状況に反映されます。` : '取り込んだセルはありません。',
        refused ? `取り込まなかったファイルが${refused}件あります（理由は下の表のあと）。` : '',
      ].join('');
      this.show(this.collectStatus, text, refused ? (imported ? 'warning' : 'error') : 'info');
    } catch (e) {
      this.show(this.collectStatus, (e as Error).message, 'error');
    } finally {
      this.run.disabled = false;
    }
  }

  private showResult(result: CollectResult): void {
    const outcome = { imported: '取り込み', unchanged: '変更なし', refused: '取り込まず' } as const;
    const rows = result.files.map((r) => el('tr', { class: r.outcome },
      el('th', { scope: 'row' }, r.file), el('td', {}, r.dept || '—'), el('td', {}, outcome[r.outcome]),
      el('td', {}, String(r.imported.length)), el('td', {}, String(r.conflicts.length))));
    fill(this.result,
      el('table', { class: 'departments', id: 'collect-table' },
        el('caption', {}, `${result.fiscalYearLabel}の回収`),
        el('thead', {}, el('tr', {}, ...['ファイル', '部門', '結果', '取り込み', '競合'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...rows)),
      el('pre', { class: 'report', id: 'collect-report' }, collectText(result, PREFER_HINT)));
  }

  private show(target: HTMLElement, text: string, kind: 'info' | 'warning' | 'error' = 'info'): void {
    target.className = `status ${kind}`;
    target.textContent = text;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const page = new FilesPage();
  fill(document.getElementById('app')!, page.root);
  void page.load(null);
});
