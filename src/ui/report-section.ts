/**
 * The coordinator's 報告書 section: pick the year, 庁内用 or 公表用 and what the report covers (全体, a 基本方針 or a
 * department), then write the print-ready sheets; the answer says how to print them and links to them.
 */
import type { ReportChoices, ReportRequest, ReportResult } from '../core/sidebar/types';
import { append, el, fill } from './dom';
import { call } from './server';

export class ReportSection {
  /** Folded by default: the department table stays the first thing the coordinator sees. */
  readonly root = el('details', { id: 'report-section' });
  private readonly year = el('select', { id: 'report-year' });
  private readonly scope = el('select', { id: 'report-scope' });
  private readonly audience = {
    internal: el('input', { type: 'radio', name: 'report-audience', id: 'report-internal', value: 'internal', checked: true }),
    public: el('input', { type: 'radio', name: 'report-audience', id: 'report-public', value: 'public' }),
  };
  private readonly run = el('button', { type: 'button', id: 'run-report' }, '報告書シートを作成');
  private readonly status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'report-status' });
  private readonly result = el('div', { id: 'report-result', 'aria-live': 'polite' });
  private choices: ReportChoices | null = null;

  constructor(private readonly show: (sheet: string) => void) {
    this.run.addEventListener('click', () => void this.make());
    const radio = (input: HTMLInputElement, text: string) => el('label', { class: 'choice', for: input.id }, input, text);
    append(this.root,
      el('summary', { id: 'report-heading' }, '報告書（印刷用のシート）を作る'),
      el('div', { class: 'field' }, el('label', { for: this.year.id }, '年度'), this.year),
      el('fieldset', { class: 'field audience' }, el('legend', {}, '配布先'), radio(this.audience.internal, '庁内用'), radio(this.audience.public, '公表用（メールアドレス・入力チェックの指摘なし）')),
      el('div', { class: 'field' }, el('label', { for: this.scope.id }, '範囲'), this.scope),
      el('div', { class: 'actions' }, this.run), this.status, this.result);
  }

  /** The plan's choices; what the person picked stays picked while it is still offered. */
  update(choices: ReportChoices, evaluationYear: number): void {
    const year = this.choices ? this.year.value : String(evaluationYear);
    const scope = this.scope.value;
    this.choices = choices;
    fill(this.year, ...choices.years.map((y) => el('option', { value: String(y.year) }, y.label)));
    this.year.value = choices.years.some((y) => String(y.year) === year) ? year : String(evaluationYear);
    const group = (label: string, kind: string, names: string[]) =>
      names.length ? el('optgroup', { label }, ...names.map((n, i) => el('option', { value: `${kind}:${i}` }, n))) : null;
    fill(this.scope, el('option', { value: 'all' }, '全体'), group('基本方針', 'policy', choices.policies), group('部門', 'department', choices.departments));
    this.scope.value = [...this.scope.options].some((o) => o.value === scope) ? scope : 'all';
  }

  private request(): ReportRequest {
    const [kind, index] = this.scope.value.split(':');
    const c = this.choices!;
    const scope: ReportRequest['scope'] =
      kind === 'policy' ? { kind, policy: c.policies[Number(index)]! } : kind === 'department' ? { kind, department: c.departments[Number(index)]! } : { kind: 'all' };
    return { fiscalYear: Number(this.year.value), audience: this.audience.public.checked ? 'public' : 'internal', scope };
  }

  private async make(): Promise<void> {
    if (!this.choices) return;
    this.run.disabled = true;
    this.root.setAttribute('aria-busy', 'true');
    this.showMessage('報告書を作成中…（グラフも作ります）');
    fill(this.result);
    try {
      this.showResult(await call('sidebarReport', this.request()));
      this.showMessage('');
    } catch (e) {
      this.showMessage((e as Error).message, 'error');
    } finally {
      this.run.disabled = false;
      this.root.removeAttribute('aria-busy');
    }
  }

  private showResult(r: ReportResult): void {
    const links = el('div', { class: 'links' }, ...r.sheets.map((sheet) => {
      const b = el('button', { type: 'button', class: 'link' }, `「${sheet}」を開く`);
      b.addEventListener('click', () => this.show(sheet));
      return b;
    }));
    fill(this.result, el('p', {}, r.message), r.printHelp ? el('p', { class: 'notice', id: 'report-print-help' }, r.printHelp) : null, r.sheets.length ? links : null);
  }

  private showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.className = `status ${kind}`;
    this.status.textContent = text;
  }
}
