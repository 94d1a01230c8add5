/**
 * The coordinator's 督促 section: the departments not submitted (or returned) with a checkbox each, the mail each
 * would get (宛先・CC・件名・本文), the mail quota left today, 送信, and 自動督促 on/off with when it sends next.
 * Folded and loaded only when opened: it asks Google for the mail permission, which the rest of the page never needs.
 */
import type { AutoReminderState, ReminderMail, ReminderPreview } from '../core/sidebar/types';
import { append, el, fill } from './dom';
import { call } from './server';

/** Mail and the trigger are granted from their own menu item: the base jobs never ask for them. */
function withConsentHint(message: string): string {
  return message.startsWith('Google が許可を求めています')
    ? `${message}（督促には、メニュー「拡張機能 → 進捗 → 督促・自動督促」を実行して、メールの送信と、自動督促ならトリガーとスプレッドシートの許可が要ります）`
    : message;
}

export class ReminderSection {
  readonly root = el('details', { id: 'reminder-section' });
  private readonly status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'reminder-status' });
  private readonly summary = el('div', { id: 'reminder-summary' });
  private readonly list = el('div', { id: 'reminder-list' });
  private readonly send = el('button', { type: 'button', id: 'send-reminders', class: 'primary' }, '選んだ部門に督促メールを送信');
  private readonly result = el('div', { id: 'reminder-result', 'aria-live': 'polite' });
  private readonly auto = el('div', { id: 'reminder-auto' });
  private readonly toggle = el('button', { type: 'button', id: 'toggle-auto-reminders' }, '');
  private preview: ReminderPreview | null = null;
  private loaded = false;

  constructor() {
    this.send.addEventListener('click', () => void this.sendPicked());
    this.toggle.addEventListener('click', () => void this.setAuto());
    this.root.addEventListener('toggle', () => {
      if (this.root.open && !this.loaded) void this.load();
    });
    append(this.root,
      el('summary', { id: 'reminder-heading' }, '督促（未提出の部門へのメール）'),
      this.status, this.summary, this.list,
      el('div', { class: 'actions' }, this.send), this.result,
      el('h3', {}, '自動督促'), this.auto);
    this.send.hidden = true;
  }

  async load(): Promise<void> {
    this.showMessage('督促の対象を読み込み中…');
    try {
      this.render(await call('sidebarReminders', null));
      this.loaded = true;
      this.showMessage('');
    } catch (e) {
      this.showMessage(withConsentHint((e as Error).message), 'error');
    }
  }

  private render(p: ReminderPreview): void {
    this.preview = p;
    const quota = p.quota === null ? null : el('p', { id: 'reminder-quota' }, `今日送れるメールの残り: ${p.quota}人（宛先とCCの人数で数えます）`);
    fill(this.summary,
      el('p', {}, `${p.fiscalYearLabel}の提出期限: ${p.deadlineText || p.deadline || '（「設定」の「提出期限」が空です）'}`),
      p.deadlineProblem ? el('p', { class: 'error' }, p.deadlineProblem) : null,
      quota,
      p.note ? el('p', { class: 'notice', id: 'reminder-note' }, p.note) : null,
      p.closed ? el('p', {}, 'この年度は年度確定済みのため、督促はありません。') : null);
    const items = p.mails.map((m) => this.item(m, p.canSend));
    fill(this.list, items.length ? el('ul', { class: 'reminders', 'aria-label': '督促の対象', style: 'list-style: none; padding-left: 0' }, ...items) : el('p', {}, '督促の対象の部門はありません（すべて提出済みです）。'));
    this.send.hidden = !p.canSend || !p.mails.length;
    this.renderAuto(p.auto);
  }

  private item(m: ReminderMail, canSend: boolean): HTMLElement {
    const box = el('input', { type: 'checkbox', id: `remind-${m.dept}`, 'data-dept': m.dept, checked: !m.problem && canSend, disabled: !!m.problem || !canSend });
    const state = m.state === '差戻し' ? '差戻し（再提出待ち）' : '未提出';
    const sent = m.sent ? `督促${m.sent}回（最後: ${m.lastReminder}）` : '督促はまだ送っていません';
    return el('li', { class: 'reminder', style: 'border-top: 1px solid #dadce0; padding: 6px 0' },
      el('label', { class: 'choice', for: box.id }, box, ` ${m.dept}`),
      el('span', { class: 'badge' }, state),
      el('p', { style: 'overflow-wrap: anywhere' }, `宛先: ${m.to.join('、') || '（なし）'}${m.cc.length ? ` / CC: ${m.cc.join('、')}` : ''}`),
      el('p', {}, `実績が未入力の指標: ${m.missing.length}件 / ${sent}`),
      m.problem ? el('p', { class: 'error' }, m.problem) : null,
      el('details', { class: 'mail-preview' },
        el('summary', {}, 'メールの内容を見る'),
        el('p', {}, `件名: ${m.subject}`),
        el('pre', { class: 'mail-body', style: 'white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; font-size: 12px' }, m.body)));
  }

  private picked(): string[] {
    return [...this.list.querySelectorAll<HTMLInputElement>('input[type=checkbox][data-dept]')].filter((b) => b.checked && !b.disabled).map((b) => b.dataset.dept!);
  }

  private async sendPicked(): Promise<void> {
    const p = this.preview;
    const depts = this.picked();
    if (!p || !depts.length) {
      this.showMessage('送る部門を選んでください。', 'error');
      return;
    }
    if (!confirm(`${depts.length}部門（${depts.join('、')}）に督促メールを送ります。よろしいですか？`)) return;
    this.send.disabled = true;
    this.root.setAttribute('aria-busy', 'true');
    this.showMessage('督促メールを送信中…');
    fill(this.result);
    try {
      const r = await call('sidebarSendReminders', { year: p.fiscalYear, depts });
      fill(this.result, el('p', { class: 'job-message' }, r.message));
      this.render(r.preview);
      this.showMessage(r.sent.length ? `${r.sent.length}部門に送りました。` : '送りませんでした。', r.refused.length ? 'error' : 'info');
    } catch (e) {
      this.showMessage(withConsentHint((e as Error).message), 'error');
    } finally {
      this.send.disabled = false;
      this.root.removeAttribute('aria-busy');
    }
  }

  private renderAuto(a: AutoReminderState | null): void {
    if (!a) {
      fill(this.auto, el('p', {}, '自動督促は Google スプレッドシートのサイドバーで設定します。'));
      return;
    }
    const state = a.on ? `オン（${a.owner} さんのアカウントで送ります）` : 'オフ';
    this.toggle.textContent = a.on ? '自動督促をオフにする' : '自動督促をオンにする';
    this.toggle.disabled = a.on && !a.mine;
    fill(this.auto,
      el('p', { id: 'auto-state' }, `自動督促: ${state}`),
      a.on && !a.enabled ? el('p', { class: 'error' }, '「設定」の「自動督促」が「使う」ではないため、トリガーは動いても送りません。') : null,
      el('p', {}, a.schedule),
      a.nextDay ? el('p', { id: 'auto-next' }, `次の督促日: ${a.nextDay}`) : el('p', {}, '今年度の督促日は残っていません（提出期限を確かめてください）。'),
      a.on && !a.mine ? el('p', {}, `止められるのは ${a.owner} さんだけです（すぐ止めるには「設定」の「自動督促」を「使わない」に）。`) : null,
      el('div', { class: 'actions' }, this.toggle));
  }

  private async setAuto(): Promise<void> {
    const on = !this.preview?.auto?.on;
    this.toggle.disabled = true;
    this.showMessage(on ? '自動督促を設定中…' : '自動督促を止めています…');
    try {
      const a = await call('sidebarAutoReminders', on);
      if (this.preview) this.preview = { ...this.preview, auto: a };
      this.renderAuto(a);
      this.showMessage(on ? '自動督促をオンにしました。' : '自動督促をオフにしました。');
    } catch (e) {
      this.showMessage(withConsentHint((e as Error).message), 'error');
      this.toggle.disabled = false;
    }
  }

  private showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.className = `status ${kind}`;
    this.status.textContent = text;
  }
}
