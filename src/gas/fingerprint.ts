/**
 * A short fingerprint of any JSON-able value, to remember what was written without storing it (document properties
 * hold 9 KB per value): two 32-bit FNV-1a hashes with different offsets, 64 bits in base 36. Dates hash as their
 * ISO text (JSON.stringify).
 */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(36) + '.' + (b >>> 0).toString(36);
}
