/**
 * What every outlook method returns: a finite number with the formula it came from, or 「見込み算出不可」 with the
 * reason in Japanese. A method never guesses: fewer points than it needs, a zero divisor or an overflow is a reason.
 */
export type Outcome =
  | { kind: 'value'; value: number; formula: string }
  | { kind: 'none'; code: string; reason: string };

/** The label shown for a method that has no value. */
export const NOT_COMPUTABLE = '見込み算出不可';

export function none(code: string, reason: string): Outcome {
  return { kind: 'none', code, reason };
}

/** A value, unless it overflowed (huge inputs): Infinity and NaN are never handed on. */
export function computed(value: number, formula: string): Outcome {
  if (!Number.isFinite(value)) return none('overflow', '値が大きすぎるため計算できません');
  return { kind: 'value', value: value === 0 ? 0 : value, formula };
}

/** The value of an outcome, or null. */
export function valueOf(o: Outcome): number | null {
  return o.kind === 'value' ? o.value : null;
}

/** The reason of an outcome without a value ('' when it has one). */
export function reasonOf(o: Outcome): string {
  return o.kind === 'none' ? o.reason : '';
}
