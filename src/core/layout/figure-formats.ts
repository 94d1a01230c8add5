/** Number formats for figures written into generated sheets (達成状況, グラフ), so a cell shows what the value is. */

/** A figure as people typed it: thousands grouping with as many decimals as the value has (up to 3): 1,730 / 30.7 / 115.48. */
export function figureFormat(v: number): string {
  const decimals = [0, 1, 2, 3].find((d) => Math.abs(Math.round(v * 10 ** d) - v * 10 ** d) < 1e-9) ?? 3;
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

/** A computed value (期待値) shown to one decimal at most: it is a line between two figures, not a count. */
export function computedFormat(v: number): string {
  return Number.isInteger(v) ? '#,##0' : '#,##0.0';
}
