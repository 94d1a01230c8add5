/**
 * Proxies between the fakes and the code under test.
 *
 * Every fake class extends FakeObject and is written against raw objects. What code sees is a Proxy:
 * - on the 'script' channel each method call is counted (`Class.method`) and gated by the auth mode;
 * - on the 'test' channel (env.spreadsheet and friends) nothing is counted or gated, so test setup does not
 *   disturb the numbers;
 * - unknown methods throw `FakeSheets: <Class>.<method> is not implemented` when called;
 * - members whose name starts with `_` are internal and invisible;
 * - arguments are unwrapped (also inside arrays) and fake results wrapped again, on the same channel.
 */
import type { Ctx } from './context';
import { notImplemented } from './errors';

export type Channel = 'script' | 'test';

export abstract class FakeObject {
  abstract readonly className: string;
  constructor(readonly ctx: Ctx) {}
  /** Apps Script objects print as their class name. */
  toString(): string {
    return this.className;
  }
}

const proxyCache: Record<Channel, WeakMap<object, object>> = { script: new WeakMap(), test: new WeakMap() };
const rawOf = new WeakMap<object, object>();

/** Property names that libraries (jest, promises, JSON) probe; they read as undefined instead of throwing. */
const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', 'tagName', '$$typeof', 'inspect']);

export function wrap<T>(value: T, channel: Channel): T {
  if (value instanceof FakeObject) {
    const cache = proxyCache[channel];
    let p = cache.get(value);
    if (!p) {
      p = new Proxy(value, handler(channel));
      cache.set(value, p);
      rawOf.set(p, value);
    }
    return p as T;
  }
  if (Array.isArray(value) && value.some((v) => v instanceof FakeObject || Array.isArray(v)))
    return value.map((v) => wrap(v, channel)) as T;
  return value;
}

/** Returns the raw fake behind a proxy (or the value itself), also inside arrays. */
export function unwrap<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    const raw = rawOf.get(value as object);
    if (raw) return raw as T;
    if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object' && (rawOf.has(v) || Array.isArray(v))))
      return value.map((v) => unwrap(v)) as T;
  }
  return value;
}

function handler(channel: Channel): ProxyHandler<FakeObject> {
  return {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol') return Reflect.get(target, prop, receiver);
      if (prop.startsWith('_')) return undefined;
      if (!(prop in target)) {
        if (PROBES.has(prop) || prop.startsWith('@@')) return undefined;
        return () => {
          throw notImplemented(target.className, prop);
        };
      }
      const member = Reflect.get(target, prop, target) as unknown;
      // Object.prototype members (toString, hasOwnProperty, …) are neither counted nor gated.
      if (typeof member !== 'function' || prop in Object.prototype) return member;
      const fn = member as (...args: unknown[]) => unknown;
      return function fakeMethod(...args: unknown[]): unknown {
        if (channel === 'test') return wrap(fn.apply(target, args.map((a) => unwrap(a))), channel);
        const ctx = target.ctx;
        ctx.enter(target.className, prop);
        ctx.scriptDepth++;
        try {
          return wrap(fn.apply(target, args.map((a) => unwrap(a))), channel);
        } finally {
          ctx.scriptDepth--;
        }
      };
    },
  };
}
