/**
 * The coordinator's view: the cycle's board with 確認 / 差戻し (cycle-board.ts); per department, entries filled /
 * total, submitted or not, open findings; 入力チェック and 集計 with visible progress and their result; 報告書作成
 * (report-section.ts); 部門ファイルの配布・回収 (its own dialog, src/ui/files); a finding selects its cell in the spreadsheet. Section modules are mounted in the constructor.
 */
import type { CoordinatorView as View, FindingView, JobResult } from '../core/sidebar/types';
import { append, el, fill } from './dom';
import { CycleBoard } from './cycle-board';
import { ReminderSection } from './reminder-section';
import { ReportSection } from './report-section';
import { call } from './server';

export class CoordinatorView {
  readonly root = el('section', { id: 'coordinator-view', 'aria-labelledby': 'coordinator-heading' });
  private readonly status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'coordinator-status' });
  private readonly progress = el('div', { class: 'progress', hidden: true, role: 'progressbar', 'aria-label': '実行中' }, el('span'));
  private readonly result = el('div', { id: 'job-result', 'aria-live': 'polite' });
  private readonly body = el('div');
  private readonly report = new ReportSection((sheet) => void this.show(sheet, 'A1'));
  private readonly board = new CycleBoard(() => void this.loadTable());
  private readonly reminders = new ReminderSection();
  private readonly buttons: HTMLButtonElement[];

  constructor() {
    const check = el('button', { type: 'button', id: 'run-check' }, '入力チェック');
    const rollup = el('button', { type: 'button', id: 'run-rollup', class: 'primary' }, '集計');
    const files = el('button', { type: 'button', id: 'open-files' }, '部門ファイルの配布・回収…');
    check.addEventListener('click', () => void this.run('check'));
    rollup.addEventListener('click', () => void this.run('rollup'));
    files.addEventListener('click', () => void this.openFiles());
    this.buttons = [check, rollup];
    append(this.root, el('h2', { id: 'coordinator-heading', class: 'visually-hidden' }, '提出状況'),
      this.board.root,
      el('div', { class: 'actions' }, check, rollup, files), this.progress, this.status, this.result, this.report.root, this.reminders.root, this.body);
    this.report.root.hidden = true;
  }

  /** One server call: the board comes with the entries and findings (sidebarStatus). */
  async load(): Promise<void> {
    await this.loadTable(true);
  }

  /** The entries and findings per department, with the board on opening (after a 確認 or 差戻し the board reloads itself). */
  private async loadTable(withBoard = false): Promise<void> {
    this.showMessage('読み込み中…');
    try {
      const view = await call('sidebarStatus');
      if (withBoard) this.board.show(view.cycle, view.cycleProblem);
      this.render(view);
      this.showMessage('');
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    }
  }

  /** 部門ファイルの配布・回収: Sheets opens its dialog; the local preview answers with the page to open. */
  private async openFiles(): Promise<void> {
    try {
      const { url } = await call('sidebarOpenFiles');
      if (url && !window.open(url, '_blank')) this.showMessage(`ポップアップが止められました。${url} を開いてください。`, 'error');
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    }
  }

  private showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.className = `status ${kind}`;
    this.status.textContent = text;
  }

  private async run(job: 'check' | 'rollup'): Promise<void> {
    for (const b of this.buttons) b.disabled = true;
    this.progress.hidden = false;
    this.root.setAttribute('aria-busy', 'true');
    this.showMessage(job === 'check' ? '入力チェックを実行中…' : '集計を実行中…（部門シートをすべて読みます）');
    fill(this.result);
    try {
      const r = await call(job === 'check' ? 'sidebarCheck' : 'sidebarRollup');
      this.showResult(r);
      this.render(r.view);
      this.showMessage(job === 'check' ? '入力チェックが終わりました。' : '集計が終わりました。');
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    } finally {
      for (const b of this.buttons) b.disabled = false;
      this.progress.hidden = true;
      this.root.removeAttribute('aria-busy');
    }
  }

  private showResult(r: JobResult): void {
    const grades = r.grades.length
      ? el('ul', { class: 'grades', 'aria-label': '評価ごとの件数' }, ...r.grades.map((g) => el('li', {}, el('span', { class: `grade g-${g.grade}` }, g.grade), ` ${g.count}件`)))
      : null;
    const links = el('div', { class: 'links' }, ...r.sheets.map((sheet) => {
      const b = el('button', { type: 'button', class: 'link' }, `「${sheet}」を開く`);
      b.addEventListener('click', () => void this.show(sheet, 'A1'));
      return b;
    }));
    fill(this.result, el('p', {}, r.message), grades, links);
  }

  private render(view: View): void {
    this.report.update(view.report, view.fiscalYear);
    this.report.root.hidden = false;
    const rows = view.departments.map((d) =>
      el('tr', {},
        el('th', { scope: 'row' }, d.dept),
        el('td', {}, `${d.filled}/${d.total}`),
        el('td', {}, d.submitted ? el('span', { class: 'badge done' }, '提出済') : el('span', { class: 'badge' }, d.hasTab ? '未提出' : 'シートなし')),
        el('td', {}, d.errors ? el('span', { class: 'error' }, `エラー${d.errors}`) : '', d.errors && d.warnings ? ' ' : '', d.warnings ? `注意${d.warnings}` : '', !d.errors && !d.warnings ? '—' : '')));
    const table = el('table', { class: 'departments' },
      el('caption', {}, `${view.fiscalYearLabel}の入力と提出`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '部門'), el('th', { scope: 'col' }, '入力'), el('th', { scope: 'col' }, '提出'), el('th', { scope: 'col' }, '問題'))),
      el('tbody', {}, ...rows));
    const findings = view.findings.length
      ? el('ul', { class: 'findings', 'aria-labelledby': 'findings-heading' }, ...view.findings.map((f) => el('li', {}, this.findingButton(f))))
      : el('p', {}, '問題は見つかっていません。');
    fill(this.body, table, el('h3', { id: 'findings-heading' }, `入力の問題（${view.findings.length + view.moreFindings}件）`), findings,
      view.moreFindings ? el('p', {}, `ほか${view.moreFindings}件は「検証結果」シートにあります。`) : null);
  }

  private findingButton(f: FindingView): HTMLElement {
    const where = `${f.sheet}${f.cell ? `!${f.cell}` : ''}`;
    const b = el('button', { type: 'button', class: `finding ${f.severity}`, 'data-sheet': f.sheet, 'data-cell': f.cell },
      el('span', { class: 'sev' }, f.severity === 'error' ? 'エラー' : '注意'), ` ${where} `, f.indicator ? `${f.indicator}: ` : '', f.message);
    b.addEventListener('click', () => void this.show(f.sheet, f.cell || 'A1'));
    return b;
  }

  private async show(sheet: string, cell: string): Promise<void> {
    try {
      const ok = await call('sidebarShowCell', sheet, cell);
      this.showMessage(ok ? `${sheet}!${cell} を表示しました。` : `シート「${sheet}」が見つかりません。`, ok ? 'info' : 'error');
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    }
  }
}
