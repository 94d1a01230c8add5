/** Ui and Menu: menus are recorded in ctx.ui.menus; alerts, prompts, sidebars and dialogs are recorded too. */
import type { Ctx, MenuRecord } from './context';
import type { FakeHtmlOutput } from './html';
import { FakeObject } from './wrap';

export const BUTTON = { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const;
export const BUTTON_SET = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;

export class FakeMenu extends FakeObject {
  readonly className = 'Menu';
  constructor(
    ctx: Ctx,
    readonly _record: MenuRecord,
  ) {
    super(ctx);
  }
  addItem(caption: string, functionName: string): this {
    this._record.items.push({ type: 'item', caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): this {
    this._record.items.push({ type: 'separator' });
    return this;
  }
  addSubMenu(menu: FakeMenu): this {
    this._record.items.push({ type: 'submenu', menu: menu._record });
    return this;
  }
  /** Adds (or replaces, by title) the menu in the recorded menu bar. */
  addToUi(): void {
    const menus = this.ctx.ui.menus;
    const at = menus.findIndex((m) => m.title === this._record.title && m.addon === this._record.addon);
    if (at >= 0) menus.splice(at, 1, this._record);
    else menus.push(this._record);
  }
}

export class FakePromptResponse extends FakeObject {
  readonly className = 'PromptResponse';
  constructor(
    ctx: Ctx,
    private readonly _text: string,
    private readonly _button: string,
  ) {
    super(ctx);
  }
  getResponseText(): string {
    return this._text;
  }
  getSelectedButton(): string {
    return this._button;
  }
}

export class FakeUi extends FakeObject {
  readonly className = 'Ui';
  readonly Button = BUTTON;
  readonly ButtonSet = BUTTON_SET;

  createMenu(caption: string): FakeMenu {
    return new FakeMenu(this.ctx, { title: String(caption), addon: false, items: [] });
  }
  createAddonMenu(): FakeMenu {
    return new FakeMenu(this.ctx, { title: this.ctx.addonTitle, addon: true, items: [] });
  }
  /** alert(prompt) / alert(prompt, buttons) / alert(title, prompt, buttons). */
  alert(a: string, b?: unknown, c?: unknown): string {
    const { title, prompt, buttons } = dialogArgs(a, b, c);
    const response = this.ctx.ui.responses.shift() ?? defaultButton(buttons);
    this.ctx.ui.alerts.push({ kind: 'alert', title, prompt, buttons, response });
    return response;
  }
  prompt(a: string, b?: unknown, c?: unknown): FakePromptResponse {
    const { title, prompt, buttons } = dialogArgs(a, b, c);
    const response = this.ctx.ui.responses.shift() ?? defaultButton(buttons);
    const text = this.ctx.ui.promptTexts.shift() ?? '';
    this.ctx.ui.alerts.push({ kind: 'prompt', title, prompt, buttons, response });
    return new FakePromptResponse(this.ctx, text, response);
  }
  showSidebar(html: FakeHtmlOutput): void {
    this.ctx.ui.shown.push({ kind: 'sidebar', title: html._title, content: html._content });
  }
  showModalDialog(html: FakeHtmlOutput, title: string): void {
    this.ctx.ui.shown.push({ kind: 'modal', title: String(title), content: html._content });
  }
  showModelessDialog(html: FakeHtmlOutput, title: string): void {
    this.ctx.ui.shown.push({ kind: 'modeless', title: String(title), content: html._content });
  }
}

function dialogArgs(a: string, b: unknown, c: unknown): { title: string; prompt: string; buttons: string } {
  if (c !== undefined) return { title: String(a), prompt: String(b), buttons: String(c) };
  if (b !== undefined) return { title: '', prompt: String(a), buttons: String(b) };
  return { title: '', prompt: String(a), buttons: BUTTON_SET.OK };
}

/** Without a queued answer the user presses the first affirmative button (OK, or YES for YES_NO sets). */
function defaultButton(buttons: string): string {
  return buttons.startsWith('YES') ? BUTTON.YES : BUTTON.OK;
}
