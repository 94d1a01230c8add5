/**
 * Who may edit a sheet, as Sheets protections (platform-facts §3 facts 42–43, §6 fact 70). A script runs as the
 * person using it, so every sheet must stay editable by whoever's job writes it: coordinators for the sheets the
 * add-in generates, a department's 入力担当者 on its entry cells. Sheets never removes the owner or the person
 * running the script from a protection, and people who edit through a Google Group or the whole domain keep
 * editing unless that right is taken from the protection too.
 *
 * A department tab has two protections: the sheet's, for `editors`, with the entry cells left open; and one range
 * protection over the written table for `editors` + the entry editors. An open cell is then editable by both
 * lists, every other cell by `editors` only (any protection that blocks a user blocks them, fact 42).
 *
 * Calls: protections are reused, never removed and made again. What the add-in set last time is remembered
 * (sheet-records.ts), so a rewrite changes only what differs; a new protection, which mirrors the file's editors
 * (fact 42), is narrowed with one removeEditors of the file's editors it should not have (Spreadsheet.getEditors,
 * read once per run), not with Google's four-call reset (used where nothing is known about a protection).
 */
import { errorText } from '../core/errors';
import { emailKey } from '../core/roles';
import { fingerprint } from '../core/fingerprint';
import type { ProtectionRecord, SheetRecords } from './sheet-records';
import type { CellRange, SheetEditors, SheetOutput } from '../core/workbook';
import { a1 } from '../core/workbook';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;
type Protection = GoogleAppsScript.Spreadsheet.Protection;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Every protection the add-in makes starts with this, so it can find and replace its own and no one else's. */
const OWN = '進捗:';

export const DESCRIPTIONS = {
  open: `${OWN} 入力欄以外は編集できません`,
  department: `${OWN} 入力欄以外は調整担当者だけが編集できます`,
  entries: `${OWN} 入力欄（この部門の入力担当者と調整担当者が編集できます）`,
  generated: `${OWN} アドオンが書き込むシートです（調整担当者だけが編集できます）`,
  snapshot: `${OWN} 確定した年度の控えです（編集できません）`,
  log: `${OWN} 変更履歴（アドオンが追記します。編集しないでください）`,
  review: `${OWN} 確認履歴（提出・確認・差戻しのたびにアドオンが追記します。編集しないでください）`,
} as const;

/** The description of a submitted year's lock (one range protection per run of entry columns, lockEntries). */
const SUBMITTED = `${OWN} 提出済の年度`;
export const submittedDescription = (yearLabel: string): string => `${SUBMITTED} ${yearLabel}（差し戻されるまで調整担当者だけが編集できます）`;
const isSubmittedLock = (description: string) => description.startsWith(SUBMITTED);

export function rangeA1(r: CellRange): string {
  const end = a1(r.row + r.numRows - 1, r.col + r.numCols - 1);
  const start = a1(r.row, r.col);
  return start === end ? start : `${start}:${end}`;
}

/** What a sheet's protections should be. */
export interface ProtectionPlan {
  description: string;
  /** May edit the whole sheet (lower case; the owner and the script's user stay editors whatever this says). */
  editors: readonly string[];
  /** Cells the sheet protection leaves open. */
  open: readonly CellRange[];
  /**
   * With open cells: who else may edit them, through the range protection over `table`. Undefined: no range
   * protection, the open cells are for every editor of the file.
   */
  entryEditors?: readonly string[];
  /** The written area, which the range protection covers (it must hold every open cell). */
  table?: CellRange;
}

/** The plan for a sheet written whole (editors undefined: a shell that was not told who). */
export function planFor(out: Pick<SheetOutput, 'editors' | 'editableRanges' | 'readOnly'>, table: CellRange): ProtectionPlan {
  const editors: SheetEditors | undefined = out.readOnly ? { sheet: [] } : out.editors;
  const open = out.editableRanges ?? [];
  return {
    description: describe(out),
    editors: editors?.sheet ?? [],
    open,
    ...(editors && open.length ? { entryEditors: editors.entries ?? [], table } : {}),
  };
}

/** The description of the protection of a sheet written whole. */
export function describe(out: Pick<SheetOutput, 'editors' | 'editableRanges' | 'readOnly'>): string {
  if (out.readOnly) return DESCRIPTIONS.snapshot;
  if (!out.editors) return DESCRIPTIONS.open;
  return out.editableRanges?.length ? DESCRIPTIONS.department : DESCRIPTIONS.generated;
}

/** Sheets' message when a script writes where its user may not (platform-facts fact 44). */
export function isProtectedCellError(e: unknown): boolean {
  return /protected cell or object/i.test(errorText(e));
}

/** An error about the script's own right to change a protection, not about an address it was given. */
function isPermissionError(e: unknown): boolean {
  return isProtectedCellError(e) || /permission/i.test(errorText(e));
}

const lower = (emails: readonly string[]) => [...new Set(emails.map(emailKey).filter(Boolean))].sort();

/** Range objects of the sheet for A1 notations (the writer fetches them all in one call). */
export type RangeSource = (a1s: readonly string[]) => Range[];

/**
 * Sets protections for one run of the add-in: what it reads once (the file's editors, the script's user, whether new
 * protections come with domain-wide editing) and the addresses Google refused, which later protections skip.
 */
export class Protector {
  /** Addresses Google refused as editors in this run (mistyped, not an account, blocked by a sharing policy). */
  readonly refused = new Set<string>();
  private fileEditors: Set<string> | undefined;
  private meEmail: string | undefined;
  private meUser: GoogleAppsScript.Base.User | undefined;
  private domainShared: boolean | undefined;

  /** `records`: what earlier runs set, when the caller keeps them (undefined: set everything in full). */
  constructor(
    private readonly ss: Spreadsheet,
    private readonly records: () => SheetRecords | undefined,
  ) {}

  /**
   * Sets `sheet`'s protections to `plan` and returns what was set. `created`: inserted by this run, so it has none
   * yet. `verify`: check that a remembered sheet protection is not warning-only (a sheet the add-in may have made
   * again without remembering, such as 変更履歴 from a sidebar save).
   */
  apply(sheet: Sheet, name: string, plan: ProtectionPlan, created: boolean, ranges: RangeSource, verify = false): ProtectionRecord {
    const old = created ? undefined : this.records()?.get(name);
    const editors = lower(plan.editors);
    const openA1s = plan.open.map(rangeA1);
    const existing = created ? undefined : sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0];
    const trusted = existing && old && !(verify && existing.isWarningOnly()) ? old : undefined;
    const rec: ProtectionRecord = {
      description: fingerprint(plan.description),
      editors: '',
      open: fingerprint(openA1s),
      entryEditors: '',
      entryRange: '',
      rangeProtections: 0,
    };

    if (!existing) {
      const p = sheet.protect().setDescription(plan.description);
      rec.editors = this.narrowNew(p, editors);
      if (openA1s.length) p.setUnprotectedRanges(ranges(openA1s));
    } else if (trusted) {
      if (trusted.description !== rec.description) existing.setDescription(plan.description);
      rec.editors = trusted.editors === this.granted(editors) ? trusted.editors : this.reset(existing, editors);
      if (trusted.open !== rec.open) existing.setUnprotectedRanges(ranges(openA1s));
    } else {
      rec.editors = this.takeOver(existing, plan.description, editors);
      existing.setUnprotectedRanges(ranges(openA1s));
    }

    const entry = plan.entryEditors && plan.table ? { editors: lower([...editors, ...plan.entryEditors]), a1: rangeA1(plan.table) } : undefined;
    // Without a range protection wanted or remembered, other people's range protections are none of setup's business.
    if (created || (!entry && trusted && trusted.rangeProtections === 0)) {
      if (entry) this.newEntryProtection(ranges([entry.a1])[0], entry, rec);
      return rec;
    }
    const all = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE);
    // The one range protection remembered is taken as the add-in's without reading it; anything else is looked at.
    // A submitted year's locks (lockEntries) are not setup's: they stay until the tab is returned, and do not make
    // the add-in's own range protection untrusted (a locked tab costs its descriptions, 1 a protection, and canEdit).
    let locks = 0;
    const ours = trusted && trusted.entryRange && all.length === 1 && trusted.rangeProtections === 1
      ? all
      : all.filter((p) => {
          const d = p.getDescription();
          if (isSubmittedLock(d)) locks++;
          return d.startsWith(OWN) && !isSubmittedLock(d) && p.canEdit();
        });
    const [mine, ...extra] = entry ? ours : [];
    for (const p of entry ? extra : ours) p.remove();
    rec.rangeProtections = all.length - (entry ? extra.length : ours.length);
    if (!entry) return rec;
    if (!mine) {
      this.newEntryProtection(ranges([entry.a1])[0], entry, rec);
      return rec;
    }
    rec.entryRange = fingerprint(entry.a1);
    if (trusted && ours.length + locks === all.length) {
      if (trusted.entryRange !== rec.entryRange) mine.setRange(ranges([entry.a1])[0]);
      rec.entryEditors = trusted.entryEditors === this.granted(entry.editors) ? trusted.entryEditors : this.reset(mine, entry.editors);
    } else {
      mine.setRange(ranges([entry.a1])[0]);
      rec.entryEditors = this.takeOver(mine, DESCRIPTIONS.entries, entry.editors);
    }
    return rec;
  }

  /**
   * Locks a submitted year's entry cells for everyone but `editors` (range protections over `a1s`, which any
   * protection that blocks a user makes binding, fact 42), or removes the year's locks. A lock the script's user may
   * not change (a 所属長 confirming) is left as it is.
   *
   * Sheets keeps the person running the script an editor of any protection (fact 43): a department's 入力担当者 who
   * submits locks their colleagues out, not themselves; the coordinator's 確認 locks again and so takes them off (and
   * 照合値 finds a change in between, cycle/lock.ts). Calls (none of them per cell or per indicator): reading the
   * sheet's range protections (1, and 1 a protection for its description); locking anew costs per range 2 (protect,
   * description) and what narrowNew costs a new protection (the file's editors read once a run: 1, and 1 a file
   * editor; the script's user 2; then 1–3 editor calls); locking again costs per range setRange and a reset (5);
   * opening costs 1 a lock. Measured on the fakes (test/gas/cycle-lock.test.ts): a sidebar 提出 spends about 10 of
   * its ~66 calls here, a 確認 about 11. Setup keeps the locks and pays 3 calls a locked tab more (the descriptions
   * of its two range protections and the entry protection's canEdit), well within its 20 a tab (write-budget.ts).
   */
  lockEntries(sheet: Sheet, description: string, a1s: readonly string[], locked: boolean, editors: readonly string[], ranges: RangeSource): void {
    const mine = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE).filter((p) => p.getDescription() === description);
    if (!locked || mine.length !== a1s.length) {
      for (const p of mine) if (p.canEdit()) p.remove();
      if (!locked) return;
      const wanted = lower(editors);
      for (const range of ranges(a1s)) this.narrowNew(range.protect().setDescription(description), wanted);
      return;
    }
    const targets = ranges(a1s);
    mine.forEach((p, i) => {
      if (!p.canEdit()) return;
      p.setRange(targets[i]);
      // The coordinator (not the submitter) now runs the script: the submitter's kept right can go.
      this.reset(p, lower(editors));
    });
  }

  private newEntryProtection(range: Range, entry: { editors: string[]; a1: string }, rec: ProtectionRecord): void {
    const p = range.protect().setDescription(DESCRIPTIONS.entries);
    rec.entryEditors = this.narrowNew(p, entry.editors);
    rec.entryRange = fingerprint(entry.a1);
    rec.rangeProtections++;
  }

  /** Fingerprint of the editors a protection holds once `editors` are given: those Google did not refuse. */
  private granted(editors: readonly string[]): string {
    return fingerprint(editors.filter((e) => !this.refused.has(e)));
  }

  /**
   * A new protection mirrors the file's editors (fact 42): the script's user first when the file lists them only
   * through a group or the domain (so taking that away cannot lock them out, Google's sample), then the wanted people
   * the file does not list, then one removeEditors for the file's editors not wanted. At least one editor call is
   * made: until then the protection "effectively" protects nothing.
   */
  private narrowNew(p: Protection, editors: string[]): string {
    const file = this.editorsOfFile();
    const me = this.myEmail();
    const adds = [...new Set([...(me && !file.has(me) ? [me] : []), ...editors.filter((e) => !file.has(e))])];
    const removes = [...file].filter((e) => e !== me && !editors.includes(e));
    if (adds.length) this.addEditors(p, adds);
    if (removes.length) p.removeEditors(removes);
    if (!adds.length && !removes.length) this.addEditors(p, editors.length ? editors : [me].filter(Boolean));
    // Every new protection mirrors the same file: whether they come with domain-wide editing is asked once.
    this.domainShared ??= p.canDomainEdit();
    if (this.domainShared) p.setDomainEdit(false);
    return this.granted(editors);
  }

  /** Google's order for a protection whose editors are unknown: the script's user, then everyone out, then `editors`. */
  private reset(p: Protection, editors: string[]): string {
    this.meUser ??= Session.getEffectiveUser();
    p.addEditor(this.meUser);
    p.removeEditors(p.getEditors());
    this.addEditors(p, editors);
    return this.granted(editors);
  }

  /** A protection the add-in knows nothing about (no record): everything set, as for a new one but in full. */
  private takeOver(p: Protection, description: string, editors: string[]): string {
    if (p.isWarningOnly()) p.setWarningOnly(false);
    p.setDescription(description);
    const granted = this.reset(p, editors);
    if (p.canDomainEdit()) p.setDomainEdit(false);
    return granted;
  }

  /**
   * Adds editors in one call; when Google refuses the batch, one at a time, so a refused address (remembered for the
   * rest of the run) costs only itself. Addresses already refused this run are not tried again.
   */
  private addEditors(p: Protection, emails: readonly string[]): void {
    const todo = emails.filter((e) => !this.refused.has(e));
    if (!todo.length) return;
    try {
      p.addEditors([...todo]);
      return;
    } catch (e) {
      if (isPermissionError(e)) throw e;
    }
    for (const email of todo)
      try {
        p.addEditor(email);
      } catch (e) {
        if (isPermissionError(e)) throw e;
        this.refused.add(email);
      }
  }

  /** The file's editors (lower case), read once per run: one call, and one per editor for the address. */
  private editorsOfFile(): Set<string> {
    this.fileEditors ??= new Set(this.ss.getEditors().map((u) => emailKey(u.getEmail())).filter(Boolean));
    return this.fileEditors;
  }

  private myEmail(): string {
    this.meUser ??= Session.getEffectiveUser();
    this.meEmail ??= emailKey(this.meUser.getEmail());
    return this.meEmail;
  }
}
