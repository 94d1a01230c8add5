/**
 * The document's properties as one batch for a run: read with one getProperties() call the first time a key is
 * asked for, changes written with one setProperties() call (and a deleteProperty per dropped key) on flush.
 *
 * What the add-in keeps here (sheet-records.ts, write-budget.ts) only saves calls: a PropertiesService failure, a
 * quota or a value that cannot be read makes the store empty or drops the write, and the caller falls back to doing
 * the work in full. It never throws.
 */
type Properties = GoogleAppsScript.Properties.Properties;

export class DocumentStore {
  private props: Properties | null = null;
  private data: Record<string, string> | null = null;
  private readonly changed = new Map<string, string>();
  private readonly dropped = new Set<string>();

  private load(): Record<string, string> {
    if (this.data) return this.data;
    try {
      this.props = PropertiesService.getDocumentProperties();
      this.data = (this.props && this.props.getProperties()) || {};
    } catch {
      this.props = null;
      this.data = {};
    }
    return this.data;
  }

  get(key: string): string | undefined {
    if (this.dropped.has(key)) return undefined;
    return this.changed.get(key) ?? this.load()[key];
  }

  /** Keys that start with `prefix`, as the store holds them now (pending changes included). */
  keys(prefix: string): string[] {
    const all = new Set([...Object.keys(this.load()), ...this.changed.keys()]);
    return [...all].filter((k) => k.startsWith(prefix) && !this.dropped.has(k));
  }

  set(key: string, value: string): void {
    if (this.get(key) === value) return;
    this.dropped.delete(key);
    this.changed.set(key, value);
  }

  delete(key: string): void {
    this.changed.delete(key);
    if (this.load()[key] !== undefined) this.dropped.add(key);
  }

  /** Writes what changed since the last flush; nothing when nothing did. */
  flush(): void {
    if (!this.props || (!this.changed.size && !this.dropped.size)) return;
    const data = this.load();
    try {
      if (this.changed.size) this.props.setProperties(Object.fromEntries(this.changed));
      for (const [k, v] of this.changed) data[k] = v;
    } catch {
      // Over a quota: the old values no longer describe what this run did, so they go (the next run does it in full).
      for (const k of this.changed.keys()) if (data[k] !== undefined) this.dropped.add(k);
    }
    for (const k of this.dropped) {
      try {
        this.props.deleteProperty(k);
        delete data[k];
      } catch {
        // The same: a stale value is only ever a reason to do more work.
      }
    }
    this.changed.clear();
    this.dropped.clear();
  }
}
