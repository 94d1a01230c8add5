/**
 * What the add-in set on each sheet besides its cells, remembered in the document's properties (doc-store.ts), so
 * the next write changes only what differs instead of reading it back: a protection's editors cost one call plus one
 * per editor to read (Protection.getEditors, User.getEmail), and resetting them costs four. Each part is a
 * fingerprint of what was set.
 *
 * A record is trusted only for a sheet that still has its sheet protection; one that cannot be read is ignored (the
 * protections are then set in full). Someone who changes a protection by hand (only its editors may) is not undone
 * until what the add-in wants for it changes: the price of not reading every protection back on every run.
 */
import type { DocumentStore } from './doc-store';

export interface ProtectionRecord {
  /** The sheet protection: its description, the editors the add-in added, its unprotected ranges. */
  description: string;
  editors: string;
  open: string;
  /** The add-in's range protection over the entry cells ('' when none): its editors and its range. */
  entryEditors: string;
  entryRange: string;
  /** Range protections on the sheet after the write, the add-in's included. */
  rangeProtections: number;
}

export interface SheetRecord extends ProtectionRecord {
  /** Frozen rows set (-1: left alone). */
  frozenRows: number;
  /** Whether conditional format rules were set. */
  formatRules: boolean;
}

const PREFIX = 'shinchoku.sheet:';

const STRING_FIELDS = ['description', 'editors', 'open', 'entryEditors', 'entryRange'] as const;

function parse(raw: string | undefined): SheetRecord | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (typeof v !== 'object' || v === null) return undefined;
    if (!STRING_FIELDS.every((k) => typeof v[k] === 'string')) return undefined;
    if (!Number.isInteger(v.rangeProtections) || !Number.isInteger(v.frozenRows) || typeof v.formatRules !== 'boolean') return undefined;
    return v as unknown as SheetRecord;
  } catch {
    return undefined;
  }
}

export class SheetRecords {
  constructor(private readonly store: DocumentStore) {}

  get(sheet: string): SheetRecord | undefined {
    return parse(this.store.get(PREFIX + sheet));
  }

  set(sheet: string, record: SheetRecord): void {
    this.store.set(PREFIX + sheet, JSON.stringify(record));
  }

  /** Forgets a sheet (it was inserted again, or its protections are no longer the add-in's). */
  drop(sheet: string): void {
    this.store.delete(PREFIX + sheet);
  }

  /** Forgets the sheets that no longer exist. */
  keepOnly(sheets: readonly string[]): void {
    const live = new Set(sheets.map((s) => PREFIX + s));
    for (const key of this.store.keys(PREFIX)) if (!live.has(key)) this.store.delete(key);
  }
}
