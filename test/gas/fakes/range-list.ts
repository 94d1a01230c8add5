/** RangeList: one call applies a format or style to many ranges (Sheet.getRangeList). */
import type { Ctx } from './context';
import type { FakeRange } from './range';
import { FakeObject } from './wrap';

export class FakeRangeList extends FakeObject {
  readonly className = 'RangeList';
  constructor(ctx: Ctx, private readonly _ranges: FakeRange[]) {
    super(ctx);
  }
  /** In the order asked (assumed, see Ctx.rangeListSorted for the what-if). */
  getRanges(): FakeRange[] {
    if (!this.ctx.rangeListSorted) return [...this._ranges];
    return [...this._ranges].sort((a, b) => a._box().row - b._box().row || a._box().col - b._box().col);
  }
  setNumberFormat(format: string): this {
    for (const r of this._ranges) r.setNumberFormat(format);
    return this;
  }
  setBackground(color: string | null): this {
    for (const r of this._ranges) r.setBackground(color);
    return this;
  }
  setFontWeight(weight: string | null): this {
    for (const r of this._ranges) r.setFontWeight(weight);
    return this;
  }
  setNote(note: string | null): this {
    for (const r of this._ranges) r.setNote(note);
    return this;
  }
  setWrap(wrap: boolean): this {
    for (const r of this._ranges) r.setWrap(wrap);
    return this;
  }
  setBorder(...args: unknown[]): this {
    for (const r of this._ranges) r.setBorder(...args);
    return this;
  }
  setHorizontalAlignment(alignment: string | null): this {
    for (const r of this._ranges) r.setHorizontalAlignment(alignment);
    return this;
  }
  setVerticalAlignment(alignment: string | null): this {
    for (const r of this._ranges) r.setVerticalAlignment(alignment);
    return this;
  }
  setFontSize(size: number): this {
    for (const r of this._ranges) r.setFontSize(size);
    return this;
  }
  breakApart(): this {
    for (const r of this._ranges) r.breakApart();
    return this;
  }
  clear(): this {
    for (const r of this._ranges) r.clear();
    return this;
  }
}
