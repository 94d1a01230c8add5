/**
 * The department view: the year's indicators with target, unit and last year's figure; 実績 and コメント fields
 * that say how each entry was understood while typing, 要因 (a text area, marked when 提出 needs it) and 今後の方向性
 * (a list); 保存 (changed cells only) and 提出; conflicts shown cell by cell with an explicit choice. The cycle's state
 * is a badge at the top; a return's reasons show in a box (the whole tab) and next to their indicator's fields; a
 * submitted tab's fields are disabled for its department, and a coordinator saves a correction only with a reason.
 */
import type { CycleState } from '../core/cycle/states';
import { checkEntry } from '../core/sidebar/entry-check';
import type { Conflict, DeptForm, Field, FindingView, FormChange, FormRow, SaveResult } from '../core/sidebar/types';
import { append, el, fill, uid } from './dom';
import { call } from './server';
import { expectedRatio } from '../core/outlook/ratios';
import { formatRate } from '../core/rates';

interface FieldState {
  row: FormRow;
  field: Field;
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  /** The text the cell held when the form was loaded. */
  before: string;
}

/** The typed 実績 against the year's 期待値, as 達成状況 will show it: 「期待値 155,892人の150.7%」 ('' when it cannot say). */
function versusExpected(value: number | undefined, row: FormRow): string {
  const e = row.expected;
  if (value === undefined || !e) return '';
  // A 累計 indicator's 期待値 is the total to date; one year's 実績 is not comparable with it here.
  if (e.cumulative) return `期待値（その年度までの累計）${e.text}。期待値比は集計で累計から出ます`;
  const ratio = expectedRatio(value, e.value, e.line);
  return ratio.kind === 'value' ? `期待値 ${e.text} の${formatRate(ratio.value)}（期待値比）` : `期待値比: ${ratio.reason}`;
}

export class DeptView {
  readonly root = el('section', { id: 'dept-view', 'aria-labelledby': 'dept-heading' });
  private form: DeptForm | null = null;
  private fields: FieldState[] = [];
  private readonly status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'dept-status' });
  private readonly body = el('div');
  private readonly conflictBox = el('div', { id: 'conflicts', hidden: true });
  private busy = false;
  /** 事務局修正の理由 (a coordinator on a submitted tab), sent with every save. */
  private correction: HTMLTextAreaElement | null = null;

  constructor(private readonly onChange: () => void = () => undefined) {
    append(this.root, el('h2', { id: 'dept-heading', class: 'visually-hidden' }, '部門の入力'), this.body, this.conflictBox, this.status);
  }

  /** Unsaved edits, so switching away can ask first. */
  changes(): FormChange[] {
    return this.fields
      .filter((f) => f.input.value !== f.before)
      .map((f) => ({ no: f.row.no, name: f.row.name, field: f.field, before: f.before, after: f.input.value }));
  }

  showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.className = `status ${kind}`;
    this.status.textContent = text;
  }

  async load(dept: string): Promise<void> {
    this.showMessage('読み込み中…');
    try {
      this.render(await call('sidebarForm', dept));
      this.showMessage('');
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    }
  }

  render(form: DeptForm): void {
    this.form = form;
    this.fields = [];
    fill(this.conflictBox);
    this.conflictBox.hidden = true;
    const select = el('select', { id: 'dept-select' }, ...form.departments.map((d) => el('option', { value: d, selected: d === form.dept }, d)));
    select.addEventListener('change', () => {
      if (this.changes().length && !confirm('保存していない入力があります。部門を切り替えると入力は失われます。切り替えますか？')) {
        select.value = form.dept;
        return;
      }
      void this.load(select.value);
    });
    const badge = form.submitted
      ? el('span', { class: 'badge done', id: 'submission' }, `提出済${form.submittedAt ? `（${form.submittedAt}）` : ''}`)
      : el('span', { class: 'badge', id: 'submission' }, '未提出');
    const list = el('ol', { class: 'indicators', 'aria-label': `${form.fiscalYearLabel}の指標` });
    for (const row of form.rows) list.appendChild(this.renderRow(row));
    const submittedState = SUBMITTED_STATES.includes(form.state);
    const save = el('button', { type: 'button', id: 'save', disabled: form.closed || form.locked }, '保存');
    const submit = el('button', { type: 'button', id: 'submit', class: 'primary', disabled: form.cannotSubmit || form.closed || form.locked || submittedState }, form.submitted ? '再提出' : '提出');
    const state = el('p', { class: 'cycle-state' }, el('span', { class: `badge state-${STATE_CLASS[form.state]}`, id: 'cycle-state', title: '提出・確認の状態' }, form.state));
    const tabReturns = form.tabReturns.length
      ? el('div', { class: 'returns', id: 'tab-returns', role: 'note' }, el('h3', {}, '差戻しの理由（シート全体）'), el('ul', {}, ...form.tabReturns.map((r) => el('li', {}, r))))
      : null;
    const lockNote = form.locked && !form.closed ? el('p', { class: 'notice', id: 'lock-note', role: 'status' }, form.lockReason) : null;
    this.correction = form.canCorrect ? el('textarea', { id: 'correction-reason', rows: 2, 'aria-required': true, 'aria-describedby': 'correction-help' }) : null;
    const correctionBox = this.correction
      ? el('div', { class: 'field correction' },
        el('label', { for: 'correction-reason' }, '事務局修正の理由'), this.correction,
        el('p', { id: 'correction-help', class: 'help' }, `「${form.state}」の部門シートを直すには理由が必要です（変更履歴と確認履歴に「事務局修正」として残ります）。`))
      : null;
    const closedNote = form.closed
      ? el('p', { class: 'notice', id: 'closed-note', role: 'status' }, `${form.fiscalYearLabel}は確定済みです。実績とコメントは変更できません（直す必要があれば調整担当者に「年度確定の解除」を頼んでください）。`)
      : null;
    save.addEventListener('click', () => void this.save(false));
    submit.addEventListener('click', () => void this.save(true));
    fill(
      this.body,
      state,
      el('div', { class: 'field' }, el('label', { for: 'dept-select' }, '部門'), select),
      el('p', { class: 'meta' }, el('strong', {}, form.fiscalYearLabel), ' の実績 ', badge),
      closedNote,
      lockNote,
      tabReturns,
      form.rows.length ? list : el('p', {}, 'この部門の指標はありません。'),
      correctionBox,
      el('div', { class: 'actions' }, save, submit),
    );
  }

  private renderRow(row: FormRow): HTMLLIElement {
    const heading = el('h3', {}, `No.${row.no} ${row.name}`);
    const facts = el('dl', { class: 'facts' },
      el('dt', {}, '予定'), el('dd', {}, row.target || '—'),
      el('dt', {}, '単位'), el('dd', {}, row.unit || '—'),
      el('dt', {}, '前年度'), el('dd', { class: 'last-year' }, row.lastYear || row.lastYearNote || '—'),
      // 期待値 (E1) of the year and the 達成見込み as of the saved entries (outlook/, README 「期待値と達成見込み」).
      el('dt', {}, '期待値'), el('dd', { class: 'expected' }, row.expected ? row.expected.text : row.expectedNote || '—'),
      row.outlook ? el('dt', {}, '達成見込み') : null, row.outlook ? el('dd', { class: 'outlook' }, row.outlook) : null);
    const item = el('li', { class: row.returns.length ? 'indicator returned' : 'indicator' }, heading, row.actionPlan ? el('p', { class: 'plan' }, row.actionPlan) : null, facts);
    if (row.returns.length)
      append(item, el('div', { class: 'returns', role: 'note', 'data-no': row.no, 'data-name': row.name },
        el('h3', {}, '差戻しの理由'), ...row.returns.map((r) => el('p', { class: 'return-reason' }, r))));
    const editable = row.actual.cell !== '' && !this.form?.closed && !this.form?.locked;
    item.appendChild(this.renderField(row, 'actual', editable));
    item.appendChild(this.renderField(row, 'comment', editable));
    item.appendChild(this.renderField(row, 'cause', editable && row.cause.cell !== ''));
    item.appendChild(this.renderField(row, 'direction', editable && row.direction.cell !== ''));
    if (row.actual.cell !== '' && row.cause.cell === '')
      append(item, el('p', { class: 'warning' }, '部門シートに要因・今後の方向性の列がありません。調整部門に「部門シート作成・更新」を頼んでください。'));
    if (row.actual.cell === '') append(item, el('p', { class: 'error' }, '部門シートにこの指標の行がありません。調整部門に「部門シート作成・更新」を頼んでください。'));
    return item;
  }

  private renderField(row: FormRow, field: Field, editable: boolean): HTMLElement {
    const id = uid(field);
    const feedbackId = `${id}-feedback`;
    const label = field === 'actual' ? `実績${row.unit ? `（${row.unit}）` : ''}` : LABELS[field];
    const common = { id, 'aria-describedby': feedbackId, disabled: !editable, 'data-cell': row[field].cell, 'data-field': field };
    const input = field === 'actual'
      ? el('input', { ...common, type: 'text', autocomplete: 'off', 'data-no': row.no, 'data-name': row.name })
      : field === 'direction'
        ? this.directionSelect(common, row.direction.text)
        : el('textarea', { ...common, rows: 2, 'aria-required': field === 'cause' && row.causeNeeded !== '' });
    input.value = row[field].text;
    const feedback = el('div', { id: feedbackId, class: 'feedback', 'aria-live': 'polite' });
    const state: FieldState = { row, field, input, before: row[field].text };
    this.fields.push(state);
    const server = row.messages.filter((m) => m.field === field);
    if (field === 'cause' && row.causeNeeded && !row.cause.text) server.push({ field, severity: 'error', message: row.causeNeeded });
    const update = () => {
      const changed = input.value !== state.before;
      input.classList.toggle('changed', changed);
      if (field === 'actual') this.showFeedback(state, feedback, changed ? [] : server);
      else this.showComment(feedback, changed ? [] : server);
      this.onChange();
    };
    input.addEventListener(field === 'direction' ? 'change' : 'input', update);
    update();
    return el('div', { class: 'field' }, el('label', { for: id }, label), input, feedback);
  }

  /** 今後の方向性: the list, with an empty choice, and a value the cell holds that is not on it (shown as written). */
  private directionSelect(attrs: Record<string, string | number | boolean>, current: string): HTMLSelectElement {
    const choices = this.form?.directions ?? [];
    const extra = current && !choices.includes(current) ? [current] : [];
    return el('select', attrs, el('option', { value: '' }, '（選択してください）'), ...[...choices, ...extra].map((d) => el('option', { value: d }, d)));
  }

  private showFeedback(state: FieldState, box: HTMLElement, server: FormRow['messages']): void {
    const r = checkEntry(state.input.value, state.row);
    const lines: HTMLElement[] = [];
    if (r.understood) lines.push(el('p', { class: 'understood' }, `読み取り: ${r.understood}`));
    const vs = versusExpected(r.value, state.row);
    if (vs) lines.push(el('p', { class: 'versus-expected' }, vs));
    const seen = new Set<string>();
    for (const m of [...r.messages, ...server]) {
      if (seen.has(m.message)) continue;
      seen.add(m.message);
      lines.push(el('p', { class: m.severity }, `${m.severity === 'error' ? 'エラー' : '注意'}: ${m.message}`));
    }
    const invalid = r.kind === 'error' || server.some((m) => m.severity === 'error');
    state.input.setAttribute('aria-invalid', String(invalid));
    fill(box, ...lines);
  }

  private showComment(box: HTMLElement, server: FormRow['messages']): void {
    fill(box, ...server.map((m) => el('p', { class: m.severity }, m.message)));
  }

  /** The first field whose entry does not read, so 提出 can point at it before asking the server. */
  private firstError(): FieldState | undefined {
    return this.fields.find((f) => f.field === 'actual' && f.input.getAttribute('aria-invalid') === 'true');
  }

  private async save(submit: boolean, changes = this.changes()): Promise<void> {
    if (!this.form || this.busy) return;
    if (submit) {
      const bad = this.firstError();
      if (bad) {
        this.showMessage(`エラーのある入力があるため提出できません（No.${bad.row.no} ${bad.row.name}）。直してから提出してください。`, 'error');
        bad.input.focus();
        return;
      }
    } else if (!changes.length) {
      this.showMessage('変更はありません。');
      return;
    }
    const correctionReason = this.correction?.value.trim() ?? '';
    if (this.correction && changes.length && !correctionReason) {
      this.showMessage('提出済みの部門シートを直すには「事務局修正の理由」を入力してください。', 'error');
      this.correction.focus();
      return;
    }
    this.busy = true;
    this.root.setAttribute('aria-busy', 'true');
    this.showMessage(submit ? '提出中…' : '保存中…');
    try {
      const result = await call('sidebarSave', { dept: this.form.dept, fiscalYear: this.form.fiscalYear, changes, submit, ...(this.correction ? { correctionReason } : {}) });
      this.afterSave(result, changes, submit);
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    } finally {
      this.busy = false;
      this.root.removeAttribute('aria-busy');
    }
  }

  private afterSave(result: SaveResult, sent: FormChange[], submit: boolean): void {
    if (result.status === 'conflict') {
      this.showConflicts(result.conflicts, sent, submit, result.form);
      return;
    }
    this.render(result.form);
    this.onChange();
    if (result.status === 'invalid') {
      this.showMessage(`${result.saved}件保存しましたが、エラーがあるため提出できません: ${result.errors.map(describe).join(' ／ ')}`, 'error');
      return;
    }
    this.showMessage(submit ? `提出しました（保存 ${result.saved}件）。` : `保存しました（${result.saved}件）。`);
  }

  /** Nothing was written: each cell is shown with what it holds now; the person reloads or keeps theirs. */
  private showConflicts(conflicts: Conflict[], sent: FormChange[], submit: boolean, fresh: DeptForm): void {
    this.showMessage(`ほかの人が先に変更したセルが${conflicts.length}件あります。何も保存していません。`, 'error');
    const items = conflicts.map((c) =>
      el('li', {},
        el('strong', {}, `No.${c.no} ${c.name} ${c.field === 'actual' ? '実績' : LABELS[c.field]}（${c.cell}）`),
        el('br'), `いまの値: ${c.now || '（空欄）'}`, el('br'), `あなたの入力: ${c.yours || '（空欄）'}`));
    const reload = el('button', { type: 'button', id: 'conflict-reload' }, '読み込み直す（自分の入力を捨てる）');
    const keep = el('button', { type: 'button', id: 'conflict-keep', class: 'primary' }, '自分の入力で上書きする');
    reload.addEventListener('click', () => {
      this.render(fresh);
      this.onChange();
      this.showMessage('最新の内容を読み込みました。');
    });
    keep.addEventListener('click', () => {
      // Keeping one's own value is explicit: the same changes, now against what the cells hold.
      const now = new Map(conflicts.map((c) => [`${c.no}\u0000${c.name}\u0000${c.field}`, c.now]));
      const again = sent.map((s) => ({ ...s, before: now.get(`${s.no}\u0000${s.name}\u0000${s.field}`) ?? s.before }));
      void this.save(submit, again);
    });
    fill(this.conflictBox, el('h3', { id: 'conflict-heading' }, '保存できなかったセル'), el('ul', { 'aria-labelledby': 'conflict-heading' }, ...items), el('div', { class: 'actions' }, reload, keep));
    this.conflictBox.hidden = false;
    reload.focus();
  }
}

const LABELS: Readonly<Record<Field, string>> = { actual: '実績', comment: 'コメント', cause: '要因', direction: '今後の方向性' };

/** States in which the department has handed the tab in (提出 is not offered again until a 差戻し). */
const SUBMITTED_STATES: readonly CycleState[] = ['提出済', '所属長確認済', '確認済', '確定'];
/** The badge's colour class per state. */
const STATE_CLASS: Readonly<Record<CycleState, string>> = { 入力中: 'editing', 差戻し: 'returned', 提出済: 'submitted', 所属長確認済: 'head', 確認済: 'confirmed', 確定: 'closed' };

function describe(f: FindingView): string {
  return `${f.indicator ? `${f.indicator} ` : ''}${f.sheet}!${f.cell}: ${f.message}`;
}
