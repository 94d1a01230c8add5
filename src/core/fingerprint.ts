/**
 * Short hashes to remember what was written without storing it: FNV-1a (32 bits), and a fingerprint of any JSON-able
 * value (document properties hold 9 KB per value): two 32-bit FNV-1a hashes with different offsets, 64 bits in base
 * 36. Dates hash as their ISO text (JSON.stringify). Checks for people, not against an attacker.
 */

/** FNV-1a, 32 bits (unsigned). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) b = Math.imul(b ^ text.charCodeAt(i), 0x01000193) ^ (b >>> 15);
  return fnv1a(text).toString(36) + '.' + (b >>> 0).toString(36);
}
