/**
 * HtmlService: outputs from strings or from files the test provides (env.htmlFiles), and templates with
 * `<?= ?>` (escaped), `<?!= ?>` (raw) and `<? ?>` (code) scriptlets evaluated against the template's fields.
 */
import type { Ctx } from './context';
import { MSG } from './errors';
import { FakeObject } from './wrap';

export const SANDBOX_MODE = { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' } as const;
export const XFRAME_OPTIONS_MODE = { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' } as const;

export class FakeHtmlOutput extends FakeObject {
  readonly className = 'HtmlOutput';
  _title = '';
  _width: number | null = null;
  _height: number | null = null;
  _sandbox = 'IFRAME';
  _xframe = 'DEFAULT';
  constructor(
    ctx: Ctx,
    public _content: string,
  ) {
    super(ctx);
  }
  getContent(): string {
    return this._content;
  }
  setContent(content: string): this {
    this._content = String(content);
    return this;
  }
  append(addedContent: string): this {
    this._content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: string): this {
    this._content += escapeHtml(String(addedContent));
    return this;
  }
  clear(): this {
    this._content = '';
    return this;
  }
  getTitle(): string {
    return this._title;
  }
  setTitle(title: string): this {
    this._title = String(title);
    return this;
  }
  getWidth(): number | null {
    return this._width;
  }
  setWidth(width: number): this {
    this._width = width;
    return this;
  }
  getHeight(): number | null {
    return this._height;
  }
  setHeight(height: number): this {
    this._height = height;
    return this;
  }
  setSandboxMode(mode: string): this {
    this._sandbox = mode;
    return this;
  }
  getSandboxMode(): string {
    return this._sandbox;
  }
  setXFrameOptionsMode(mode: string): this {
    this._xframe = mode;
    return this;
  }
  addMetaTag(_name: string, _content: string): this {
    return this;
  }
  setFaviconUrl(_url: string): this {
    return this;
  }
}

export class FakeHtmlTemplate extends FakeObject {
  readonly className = 'HtmlTemplate';
  [field: string]: unknown;
  constructor(
    ctx: Ctx,
    readonly _source: string,
    readonly _outputs: FakeHtmlOutput[],
  ) {
    super(ctx);
  }
  getRawContent(): string {
    return this._source;
  }
  evaluate(): FakeHtmlOutput {
    const scope: Record<string, unknown> = {};
    for (const k of Object.keys(this)) if (!k.startsWith('_') && k !== 'ctx' && k !== 'className') scope[k] = this[k];
    let code = 'var __out = "";\n';
    const re = /<\?(!?=)?([\s\S]*?)\?>/g;
    let last = 0;
    for (let m = re.exec(this._source); m; m = re.exec(this._source)) {
      code += `__out += ${JSON.stringify(this._source.slice(last, m.index))};\n`;
      if (m[1] === '=') code += `__out += __esc(${m[2]});\n`;
      else if (m[1] === '!=') code += `__out += __str(${m[2]});\n`;
      else code += `${m[2]}\n`;
      last = re.lastIndex;
    }
    code += `__out += ${JSON.stringify(this._source.slice(last))};\nreturn __out;`;
    // Sloppy-mode function so `with` can expose the template fields as variables.
    const run = new Function('__scope', '__esc', '__str', `with (__scope) { ${code} }`) as (
      scope: Record<string, unknown>,
      esc: (x: unknown) => string,
      str: (x: unknown) => string,
    ) => string;
    const str = (x: unknown) => (x === undefined || x === null ? '' : String(x));
    const out = new FakeHtmlOutput(this.ctx, run(scope, (x) => escapeHtml(str(x)), str));
    this._outputs.push(out);
    return out;
  }
}

export class FakeHtmlService extends FakeObject {
  readonly className = 'HtmlService';
  readonly SandboxMode = SANDBOX_MODE;
  readonly XFrameOptionsMode = XFRAME_OPTIONS_MODE;
  constructor(
    ctx: Ctx,
    readonly _outputs: FakeHtmlOutput[],
  ) {
    super(ctx);
  }
  private _file(name: string): string {
    const files = this.ctx.htmlFiles;
    const key = String(name);
    const text = files[key] ?? files[key.replace(/\.html$/, '')];
    if (text === undefined) throw this.ctx.error(MSG.noHtmlFile(key));
    return text;
  }
  createHtmlOutput(html?: unknown): FakeHtmlOutput {
    const content = html === undefined || html === null ? '' : html instanceof FakeHtmlTemplate ? html._source : String(html);
    const out = new FakeHtmlOutput(this.ctx, content);
    this._outputs.push(out);
    return out;
  }
  createHtmlOutputFromFile(filename: string): FakeHtmlOutput {
    const out = new FakeHtmlOutput(this.ctx, this._file(filename));
    this._outputs.push(out);
    return out;
  }
  createTemplate(html: string): FakeHtmlTemplate {
    return new FakeHtmlTemplate(this.ctx, String(html), this._outputs);
  }
  createTemplateFromFile(filename: string): FakeHtmlTemplate {
    return new FakeHtmlTemplate(this.ctx, this._file(filename), this._outputs);
  }
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
