/**
 * The coordinator's board (提出状況) of the yearly cycle: per department its state, entries filled, problems, last
 * update, last reminder and the open return reasons; 確認 (asks nothing more) and 差戻し (a reason box: the whole tab or
 * one of the department's indicators, the reason required). After an action the board reloads and shows the answer.
 * A year picker shows past years (a closed year is read-only); a line says whether 年度確定 would go ahead.
 * Who may confirm or return is the server's to decide (設定); the board offers the step the state allows.
 */
import { closeLine } from '../core/cycle/board-text';
import type { CycleStatus, DeptCycle } from '../core/cycle/service';
import { RETURNABLE, type CycleState } from '../core/cycle/states';
import { append, el, fill, uid } from './dom';
import { call } from './server';

const CONFIRMABLE: readonly CycleState[] = ['提出済', '所属長確認済'];
const STATE_CLASS: Record<CycleState, string> = { 入力中: 'editing', 差戻し: 'returned', 提出済: 'submitted', 所属長確認済: 'head', 確認済: 'done', 確定: 'closed' };

export class CycleBoard {
  readonly root = el('section', { id: 'cycle-board', 'aria-labelledby': 'cycle-heading' });
  private readonly year = el('select', { id: 'cycle-year' });
  private readonly status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'cycle-status' });
  private readonly close = el('p', { id: 'cycle-close', class: 'notice' });
  private readonly list = el('ul', { class: 'cycle-depts', 'aria-labelledby': 'cycle-heading' });
  private current: CycleStatus | null = null;
  private busy = false;

  /** `onChanged` runs after a 確認 or 差戻し went through, so the rest of the page can show the new state too. */
  constructor(private readonly onChanged: () => void = () => {}) {
    this.year.addEventListener('change', () => void this.load(Number(this.year.value)));
    const reload = el('button', { type: 'button', id: 'cycle-reload', class: 'link' }, '最新の状態にする');
    reload.addEventListener('click', () => void this.load(this.current?.fiscalYear ?? null));
    append(this.root,
      el('h3', { id: 'cycle-heading' }, '提出状況（確認・差戻し）'),
      el('div', { class: 'field' }, el('label', { for: this.year.id }, '年度'), this.year), reload,
      this.status, this.close, this.list);
  }

  /** Loads the board of a year (null: the year under evaluation); `message` is shown once it is loaded. */
  async load(year: number | null, message = ''): Promise<void> {
    if (!message) this.showMessage('提出状況を読み込み中…');
    try {
      this.render(await call('sidebarCycle', year));
      this.showMessage(message);
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    }
  }

  /** Shows a board that came with the coordinator view (sidebarStatus), or why there is none. */
  show(status: CycleStatus | null, problem: string): void {
    if (status) {
      this.render(status);
      this.showMessage('');
    } else this.showMessage(problem || '提出状況を表示できません', 'error');
  }

  private showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.className = `status ${kind}`;
    this.status.textContent = text;
  }

  private render(s: CycleStatus): void {
    this.current = s;
    fill(this.year, ...s.years.map((y) => el('option', { value: String(y.year) }, y.year === s.evaluationYear ? `${y.label}（評価年度）` : y.label)));
    this.year.value = String(s.fiscalYear);
    this.close.textContent = closeLine(s);
    this.close.className = s.closed || !s.unconfirmed.length ? 'notice ok' : 'notice';
    fill(this.list, ...s.departments.map((d) => this.card(s, d)));
  }

  private card(s: CycleStatus, d: DeptCycle): HTMLElement {
    const problems = d.errors || d.warnings
      ? el('span', {}, d.errors ? el('span', { class: 'error' }, `エラー${d.errors}`) : null, d.errors && d.warnings ? '・' : '', d.warnings ? el('span', { class: 'warning' }, `注意${d.warnings}`) : null)
      : '問題なし';
    const facts = el('dl', { class: 'facts' },
      el('dt', {}, '入力'), el('dd', {}, `${d.filled}/${d.total}`, d.filled < d.total ? el('span', { class: 'warning' }, `（未入力${d.total - d.filled}）`) : null),
      el('dt', {}, '問題'), el('dd', {}, problems),
      el('dt', {}, '最終更新'), el('dd', {}, d.lastUpdate || '—'),
      d.submittedAt ? el('dt', {}, '提出日') : null, d.submittedAt ? el('dd', {}, d.submittedAt) : null,
      el('dt', {}, '最後の督促'), el('dd', {}, d.reminders ? `${d.lastReminder}（${d.reminders}回）` : 'なし'),
      d.lastTransition ? el('dt', {}, '最後の操作') : null,
      d.lastTransition ? el('dd', {}, `${d.lastTransition.at} ${d.lastTransition.act}（${d.lastTransition.by}）`) : null);
    const reasons = d.returns.length
      ? el('ul', { class: 'return-reasons', 'aria-label': `「${d.dept}」の差戻しの理由` }, ...d.returns.map((r) =>
        el('li', {}, el('span', { class: 'what' }, r.no !== null ? `No.${r.no} ${r.indicator}` : 'シート全体'), `: ${r.reason}`, el('span', { class: 'by' }, `（${r.at} ${r.by}）`))))
      : null;
    const li = el('li', { class: 'cycle-dept', 'data-dept': d.dept, 'data-state': d.state },
      el('div', { class: 'cycle-head' }, el('strong', {}, d.dept), ' ', el('span', { class: `badge state-${STATE_CLASS[d.state]}` }, d.state), d.hasTab ? null : el('span', { class: 'warning' }, ' 部門シートがありません')),
      facts, d.changedNote ? el('p', { class: 'status warning cycle-changed', role: 'note' }, `${d.changedNote}。確認するには、差し戻して提出し直してもらうか、理由を付けて事務局修正してください`) : null, reasons);
    if (!s.closed) li.appendChild(this.actions(s, d, li));
    return li;
  }

  private actions(s: CycleStatus, d: DeptCycle, li: HTMLElement): HTMLElement {
    const box = el('div', { class: 'actions' });
    if (CONFIRMABLE.includes(d.state)) {
      const label = s.headStep && d.state === '提出済' ? '所属長確認' : '確認';
      const confirm = el('button', { type: 'button', class: 'primary cycle-confirm' }, label);
      confirm.addEventListener('click', () => void this.act(() => call('sidebarConfirm', { dept: d.dept, year: s.fiscalYear })));
      box.appendChild(confirm);
    }
    if (RETURNABLE.includes(d.state)) {
      const back = el('button', { type: 'button', class: 'cycle-return', 'aria-expanded': 'false' }, '差戻し');
      back.addEventListener('click', () => {
        const open = li.querySelector('form.return-form');
        if (open) {
          open.remove();
          back.setAttribute('aria-expanded', 'false');
          return;
        }
        back.setAttribute('aria-expanded', 'true');
        li.appendChild(this.returnForm(s, d, () => {
          li.querySelector('form.return-form')?.remove();
          back.setAttribute('aria-expanded', 'false');
          back.focus();
        }));
      });
      box.appendChild(back);
    }
    return box;
  }

  /** The reason box: what is returned (the whole tab or one indicator) and why (required). */
  private returnForm(s: CycleStatus, d: DeptCycle, cancel: () => void): HTMLElement {
    const target = el('select', { id: uid('return-target'), class: 'return-target' },
      el('option', { value: '' }, 'シート全体'),
      ...d.indicators.map((i, k) => el('option', { value: String(k) }, `No.${i.no} ${i.name}`)));
    const reason = el('textarea', { id: uid('return-reason'), class: 'return-reason', rows: 3, required: true, 'aria-required': 'true' });
    const problem = el('p', { class: 'status error', role: 'alert' });
    const send = el('button', { type: 'submit', class: 'primary' }, '差し戻す');
    const back = el('button', { type: 'button' }, 'やめる');
    back.addEventListener('click', cancel);
    reason.addEventListener('input', () => {
      problem.textContent = '';
      reason.removeAttribute('aria-invalid');
    });
    const form = el('form', { class: 'return-form', 'aria-label': `「${d.dept}」を差し戻す` },
      el('div', { class: 'field' }, el('label', { for: target.id }, '差し戻すもの'), target),
      el('div', { class: 'field' }, el('label', { for: reason.id }, '理由（必須。確認履歴に残り、部門に示されます）'), reason),
      problem, el('div', { class: 'actions' }, send, back));
    form.noValidate = true;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = reason.value.trim();
      if (!text) {
        problem.textContent = '差し戻す理由を入力してください。';
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      const picked = target.value === '' ? null : d.indicators[Number(target.value)];
      void this.act(() => call('sidebarReturn', { dept: d.dept, year: s.fiscalYear, reason: text, indicators: picked ? [{ no: picked.no, name: picked.name }] : [] }));
    });
    setTimeout(() => reason.focus(), 0);
    return form;
  }

  /** Runs 確認 or 差戻し, then reloads the board of the same year and shows the server's answer. */
  private async act(job: () => Promise<{ message: string }>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    for (const b of this.root.querySelectorAll('button')) b.disabled = true;
    this.root.setAttribute('aria-busy', 'true');
    this.showMessage('実行中…');
    const year = this.current?.fiscalYear ?? null;
    try {
      const r = await job();
      await this.load(year, r.message);
      this.onChanged();
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    } finally {
      for (const b of this.root.querySelectorAll('button')) b.disabled = false;
      this.busy = false;
      this.root.removeAttribute('aria-busy');
    }
  }
}
