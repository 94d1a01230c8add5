/**
 * Sheet ids for HYPERLINK("#gid=…") links, remembered between runs in one document property.
 *
 * SpreadsheetApp gives a sheet's id only one sheet at a time (Sheet.getSheetId); the one call that returns every id
 * is the Sheets API, which needs the sensitive `spreadsheets` scope. So a rollup would pay one call per linked tab.
 * Instead the ids of every sheet, in tab order with their names, are kept in the document's properties and trusted
 * only while the names read this run, in order, are exactly the cached ones: an added, removed, renamed or moved tab
 * makes the cache stale and the ids are fetched again. Sheets gives a new id to a re-created tab, so a tab deleted
 * and re-created by hand goes unnoticed only if it came back under the same name at the same position (a sheet the
 * add-in re-creates itself is known: writeSheets names it to save()).
 *
 * The cache is an optimisation only: any PropertiesService failure, a value that is not the expected JSON, or a tab
 * list too long to fit one property falls back to getSheetId for the sheets whose id is needed. It never throws.
 */
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Properties = GoogleAppsScript.Properties.Properties;

export interface Tab {
  name: string;
  sheet: Sheet;
}

interface Cached {
  names: string[];
  ids: number[];
}

export const SHEET_IDS_KEY = 'shinchoku.sheetIds';

/** PropertiesService's documented limit per value (platform-facts: 9 KB per value), in UTF-8 bytes. */
export const MAX_VALUE_BYTES = 9 * 1024;

/** The most characters a sheet id takes in the JSON: ids are 32-bit integers (10 digits), plus a comma. */
const ID_CHARS = 11;

/** UTF-8 bytes of `s` as the property store counts them (JSON escapes a lone surrogate as \uXXXX). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 6 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The cached value, or null when it is missing or not `{ names: string[], ids: integer[] }` of equal lengths. */
function parse(raw: string | null): Cached | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return null;
    const { names, ids } = v as Record<string, unknown>;
    if (!Array.isArray(names) || !Array.isArray(ids) || names.length !== ids.length) return null;
    if (!names.every((n) => typeof n === 'string') || !ids.every((id) => Number.isInteger(id))) return null;
    return { names: names as string[], ids: ids as number[] };
  } catch {
    return null;
  }
}

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n, i) => n === b[i]);

export class SheetIds {
  /** Ids known this run, by sheet name: from a trusted cache or from getSheetId. */
  private readonly known = new Map<string, number>();
  /** The names whose id in `known` came from the cache. */
  private readonly fromCache = new Set<string>();
  /** Whether the property was read this run; it is read only when a link needs an id. */
  private loaded = false;
  private store: Properties | null = null;
  private cached: Cached | null = null;

  /** `tabs` returns the spreadsheet's sheets in tab order as the workbook knows them (including sheets it created). */
  constructor(private readonly tabs: () => readonly Tab[]) {}

  /** The id of the named sheet, or undefined when there is no such sheet. */
  of(name: string): number | undefined {
    if (!this.known.has(name)) {
      this.load();
      if (!this.known.has(name)) {
        const tab = this.tabs().find((t) => t.name === name);
        if (tab) this.known.set(name, tab.sheet.getSheetId());
      }
    }
    return this.known.get(name);
  }

  /**
   * After a run's writes: stores the ids of every sheet when the cache does not describe the current tabs (the first
   * run, a changed tab list, or sheets this run created). Costs nothing in a run that needed no id, or when the cache
   * already matches; otherwise one getSheetId per sheet whose id is not known yet, and one setProperty.
   * `created` names the sheets this run inserted: one that took the name and place of a sheet deleted by hand matches
   * the cached names, but its cached id is the deleted sheet's.
   */
  save(created: readonly string[] = []): void {
    if (!this.loaded || !this.store) return;
    let replaced = false;
    for (const name of created)
      if (this.fromCache.delete(name)) {
        this.known.delete(name);
        replaced = true;
      }
    const tabs = this.tabs();
    const names = tabs.map((t) => t.name);
    if (!replaced && this.cached && sameNames(this.cached.names, names)) return;
    try {
      // The size is bounded before fetching ids, so a tab list too long to cache costs no getSheetId.
      if (utf8Bytes(JSON.stringify({ names, ids: [] })) + names.length * ID_CHARS <= MAX_VALUE_BYTES) {
        const ids = tabs.map((t) => {
          let id = this.known.get(t.name);
          if (id === undefined) this.known.set(t.name, (id = t.sheet.getSheetId()));
          return id;
        });
        this.store.setProperty(SHEET_IDS_KEY, JSON.stringify({ names, ids }));
        this.cached = { names, ids };
        return;
      }
    } catch {
      // A quota or storage error: handled below like a list too long to cache.
    }
    // No cache for these tabs: an old one is dropped rather than left to be trusted if its names ever came back.
    if (!this.cached) return;
    this.cached = null;
    try {
      this.store.deleteProperty(SHEET_IDS_KEY);
    } catch {
      // Nothing more to do: the cache is an optimisation only.
    }
  }

  /** Reads the cache once; its ids are taken only when its names are exactly the current tabs in order. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    try {
      this.store = PropertiesService.getDocumentProperties();
      this.cached = parse(this.store ? this.store.getProperty(SHEET_IDS_KEY) : null);
    } catch {
      this.store = null;
      this.cached = null;
      return;
    }
    const tabs = this.tabs();
    const cached = this.cached;
    if (cached && sameNames(cached.names, tabs.map((t) => t.name)))
      cached.names.forEach((name, i) => {
        this.known.set(name, cached.ids[i]);
        this.fromCache.add(name);
      });
  }
}
