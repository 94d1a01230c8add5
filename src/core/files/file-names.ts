/** File names made from people's words (department names, fiscal years), safe on Windows, macOS and Linux. */

/** Characters Windows refuses in a file name, and control characters. */
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** A department name as a file-name part safe on Windows, macOS and Linux. */
export function safeNamePart(text: string): string {
  let s = text.normalize('NFC').replace(UNSAFE, '_').replace(/[. ]+$/, '').trim();
  if (!s) s = '_';
  if (RESERVED.test(s)) s = `_${s}`;
  return [...s].slice(0, 80).join('');
}

/** `base.ext`, or `base_2.ext`, `base_3.ext` … when the name is already in `taken` (compared case-insensitively). */
export function uniqueFileName(base: string, ext: string, taken: Set<string>): string {
  let name = `${base}${ext}`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}${ext}`;
  taken.add(name.toLowerCase());
  return name;
}
