/**
 * PropertiesService: script, document and per-user stores. Values are coerced to strings; the documented
 * limits (9 KB per value, 500 KB per store counting keys + values, UTF-8 bytes) are enforced atomically.
 * In CUSTOM_FUNCTION mode getUserProperties() returns the owner's store (fact 22).
 */
import type { Ctx } from './context';
import { MSG } from './errors';
import { FakeObject } from './wrap';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export class PropertyStore {
  readonly data = new Map<string, string>();
  constructor(readonly name: string) {}
  size(): number {
    let n = 0;
    for (const [k, v] of this.data) n += bytes(k) + bytes(v);
    return n;
  }
}

export class FakeProperties extends FakeObject {
  readonly className = 'Properties';
  constructor(
    ctx: Ctx,
    readonly _store: PropertyStore,
  ) {
    super(ctx);
  }
  private _key(key: unknown): string {
    if (key === null || key === undefined || String(key) === '') throw this.ctx.error(MSG.propertyEmptyKey);
    return String(key);
  }
  /** Applies changes only if the result fits the limits. */
  private _commit(changes: [string, string][], deleteOthers = false): void {
    const { propertyValueBytes, propertyStoreBytes } = this.ctx.limits;
    for (const [, v] of changes) if (bytes(v) > propertyValueBytes) throw this.ctx.error(MSG.propertyQuota);
    const next = new Map(deleteOthers ? [] : this._store.data);
    for (const [k, v] of changes) next.set(k, v);
    let total = 0;
    for (const [k, v] of next) total += bytes(k) + bytes(v);
    if (total > propertyStoreBytes) throw this.ctx.error(MSG.propertyQuota);
    this._store.data.clear();
    for (const [k, v] of next) this._store.data.set(k, v);
  }
  getProperty(key: string): string | null {
    return this._store.data.get(this._key(key)) ?? null;
  }
  setProperty(key: string, value: unknown): this {
    this._commit([[this._key(key), String(value)]]);
    return this;
  }
  setProperties(properties: Record<string, unknown>, deleteAllOthers = false): this {
    const changes = Object.entries(properties).map(([k, v]) => [this._key(k), String(v)] as [string, string]);
    this._commit(changes, deleteAllOthers);
    return this;
  }
  getProperties(): Record<string, string> {
    return Object.fromEntries(this._store.data);
  }
  getKeys(): string[] {
    return [...this._store.data.keys()];
  }
  deleteProperty(key: string): this {
    this._store.data.delete(this._key(key));
    return this;
  }
  deleteAllProperties(): this {
    this._store.data.clear();
    return this;
  }
}

export class FakePropertiesService extends FakeObject {
  readonly className = 'PropertiesService';
  readonly _script = new PropertyStore('script');
  readonly _document = new PropertyStore('document');
  readonly _users = new Map<string, PropertyStore>();

  _userStore(email: string): PropertyStore {
    let s = this._users.get(email);
    if (!s) this._users.set(email, (s = new PropertyStore(`user:${email}`)));
    return s;
  }
  /** The user whose store getUserProperties() returns in the current mode. */
  _currentUser(): string {
    if (this.ctx.authMode === 'CUSTOM_FUNCTION') return this.ctx.ownerEmail;
    return this.ctx.activeUserEmail || this.ctx.effectiveUserEmail || this.ctx.ownerEmail;
  }
  getScriptProperties(): FakeProperties {
    return new FakeProperties(this.ctx, this._script);
  }
  getDocumentProperties(): FakeProperties {
    return new FakeProperties(this.ctx, this._document);
  }
  getUserProperties(): FakeProperties {
    return new FakeProperties(this.ctx, this._userStore(this._currentUser()));
  }
}
