/** Display of parsed values; `parseEntry(formatValue(v, u))` gives back v and u. */

/** Drops binary float noise: 30.700000000000003 → 30.7 (15 significant digits). -0 becomes 0. */
export function cleanNumber(x: number): number {
  if (!Number.isFinite(x)) return x;
  const y = Number(x.toPrecision(15));
  // Rounding the largest doubles up to 15 digits overflows (1.7976931348623157e308 → Infinity): keep those as they are.
  if (!Number.isFinite(y)) return x;
  return y === 0 ? 0 : y;
}

/** A non-negative finite number as plain decimal digits, never in exponent notation. */
function plainDigits(x: number): string {
  const s = String(x);
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[1]! + (m[2] ?? '');
  const exp = Number(m[3]);
  if (exp >= 0) return exp >= digits.length - 1 ? digits + '0'.repeat(exp - digits.length + 1) : `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Groups the integer part by three: 1234567.5 → 1,234,567.5. */
export function groupThousands(digits: string): string {
  const [int, frac] = digits.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/**
 * A value for display: thousands grouping, as many decimals as needed, the unit appended
 * (`1,730件`, `30.7%`, `-16.7%`). Non-finite numbers (never produced by the parser) show as `—`.
 */
export function formatValue(value: number, unit: string | null): string {
  if (!Number.isFinite(value)) return '—';
  const v = cleanNumber(value);
  const body = groupThousands(plainDigits(Math.abs(v)));
  return `${v < 0 ? '-' : ''}${body}${unit ?? ''}`;
}
