/**
 * Protection (facts 42–44). A new protection mirrors the spreadsheet's editors until an editor call or
 * setDomainEdit customises it (documented: "the permissions mirror those of the spreadsheet itself", Range.protect /
 * Sheet.protect; mirror reference/spreadsheet/Range.md, Sheet.md). That its getEditors() then lists exactly
 * Spreadsheet.getEditors(), and that the first editor call starts its own list from them, is assumed: Protection.md
 * says only "Gets the list of editors for the protected range or sheet" (環境チェック tries it; the what-if is
 * Ctx.newProtectionExtraEditors). removeEditor(s) silently keeps the owner and the current user. The owner can
 * always edit; warning-only protections let everyone edit.
 */
import type { Box } from './cells';
import { boxContains } from './cells';
import type { Ctx } from './context';
import type { FakeRange } from './range';
import type { FakeSheet } from './sheet';
import { FakeUser, emailOf } from './user';
import { FakeObject } from './wrap';
import { MSG } from './errors';

export type ProtectionTypeName = 'RANGE' | 'SHEET';

export class FakeProtection extends FakeObject {
  readonly className = 'Protection';
  _description = '';
  _warningOnly = false;
  _domainEdit = false;
  _customized = false;
  _editors: string[] = [];
  _unprotected: FakeRange[] = [];
  _removed = false;

  constructor(
    ctx: Ctx,
    readonly _type: ProtectionTypeName,
    readonly _sheet: FakeSheet,
    public _box: Box | null,
  ) {
    super(ctx);
  }

  /** True when the protection covers (row, col) and the cell is not in an unprotected range. */
  _covers(row: number, col: number): boolean {
    if (this._removed) return false;
    if (this._type === 'SHEET') return !this._unprotected.some((r) => boxContains(r._box(), row, col));
    return !!this._box && boxContains(this._box, row, col);
  }

  _canEdit(email: string): boolean {
    if (email !== '' && email === this.ctx.ownerEmail) return true;
    if (this._warningOnly) return true;
    if (!this._customized) return this.ctx.listed(this._mirror(), email);
    if (this.ctx.listed(this._editors, email)) return true;
    return this._domainEdit && email !== '' && domainOf(email) === domainOf(this.ctx.ownerEmail);
  }

  /** Only someone who may edit the protected cells may change the protection (enforced like writes). */
  private _assertMayChange(): void {
    if (!this.ctx.enforceProtection || this.ctx.scriptDepth === 0) return;
    if (!this._canEdit(this.ctx.currentUserEmail)) throw this.ctx.error(MSG.protectionDenied);
  }

  private _customize(): void {
    if (this._customized) return;
    this._customized = true;
    this._editors = this._mirror();
  }

  /** Who a protection nobody has changed lists: the file's editors (plus the what-if's extras). */
  private _mirror(): string[] {
    return [...new Set([...this.ctx.spreadsheetEditors(), ...this.ctx.newProtectionExtraEditors])];
  }

  getDescription(): string {
    return this._description;
  }
  setDescription(description: string): this {
    this._assertMayChange();
    this._description = description;
    return this;
  }
  getProtectionType(): string {
    return this._type;
  }
  getRange(): FakeRange {
    if (this._type === 'SHEET') return this._sheet._fullRange();
    const b = this._box as Box;
    return this._sheet._range(b.row, b.col, b.numRows, b.numCols);
  }
  setRange(range: FakeRange): this {
    this._assertMayChange();
    this._box = range._box();
    return this;
  }
  getEditors(): FakeUser[] {
    const list = this._customized ? this._editors : this._mirror();
    return list.map((e) => new FakeUser(this.ctx, e));
  }
  addEditor(user: unknown): this {
    this._assertMayChange();
    const e = emailOf(user);
    if (this.ctx.refusedEditors.has(e.toLowerCase())) {
      this.ctx.refusedAttempts.push(e);
      throw this.ctx.error(MSG.invalidEmail(e));
    }
    this._customize();
    if (!this._editors.includes(e)) this._editors.push(e);
    return this;
  }
  /** One refused address fails the whole call and adds no one (assumed: Google documents no partial outcome). */
  addEditors(users: unknown[]): this {
    this._assertMayChange();
    const refused = users.map(emailOf).filter((e) => this.ctx.refusedEditors.has(e.toLowerCase()));
    if (refused.length) {
      this.ctx.refusedAttempts.push(...refused);
      throw this.ctx.error(MSG.invalidEmail(refused[0]));
    }
    for (const u of users) this.addEditor(u);
    return this;
  }
  removeEditor(user: unknown): this {
    return this.removeEditors([user]);
  }
  removeEditors(users: unknown[]): this {
    this._assertMayChange();
    this._customize();
    const keep = new Set([this.ctx.ownerEmail, this.ctx.activeUserEmail, this.ctx.effectiveUserEmail]);
    const drop = new Set(users.map(emailOf).filter((e) => !keep.has(e)));
    const next = this._editors.filter((e) => !drop.has(e));
    // Google's sample: removing the group that gives the script's user their right throws, unless they were
    // added in person first.
    const me = this.ctx.currentUserEmail;
    if (me !== this.ctx.ownerEmail && this.ctx.listed(this._editors, me) && !this.ctx.listed(next, me) && !next.includes(me))
      throw this.ctx.error(MSG.removeOwnGroup);
    this._editors = next;
    return this;
  }
  setDomainEdit(editable: boolean): this {
    this._assertMayChange();
    this._customize();
    this._domainEdit = editable;
    return this;
  }
  canDomainEdit(): boolean {
    return this._customized ? this._domainEdit : false;
  }
  canEdit(): boolean {
    return this._canEdit(this.ctx.currentUserEmail);
  }
  setWarningOnly(warningOnly: boolean): this {
    this._assertMayChange();
    this._warningOnly = warningOnly;
    return this;
  }
  isWarningOnly(): boolean {
    return this._warningOnly;
  }
  setUnprotectedRanges(ranges: FakeRange[]): this {
    this._assertMayChange();
    this._unprotected = [...ranges];
    return this;
  }
  getUnprotectedRanges(): FakeRange[] {
    return [...this._unprotected];
  }
  remove(): void {
    this._assertMayChange();
    this._removed = true;
    this._sheet._dropProtection(this);
  }
}

function domainOf(email: string): string {
  return email.slice(email.indexOf('@') + 1).toLowerCase();
}
