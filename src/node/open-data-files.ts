/**
 * The open data table (core/export/open-data.ts) as file bytes, through kept libraries only:
 * - CSV with csv-stringify: UTF-8 with a BOM (Excel for Windows opens a UTF-8 CSV correctly only with one; without it
 *   Japanese text shows garbled; most other readers, csv-parse, pandas with utf-8-sig, DuckDB, skip it), CRLF line
 *   ends (RFC 4180), a header row, a blank field for no value, text made formula-safe (core/export/formula-safe.ts);
 * - Parquet with hyparquet-writer: strings UTF8, numbers DOUBLE, No. and the year INT32, null for blanks.
 * hyparquet-writer is an ES module only: it is loaded with a dynamic import(), which this CommonJS bundle keeps as
 * import() (esbuild, packages external), and which jest gets through swc (jest.config.js transformIgnorePatterns).
 */
import { stringify } from 'csv-stringify/sync';
import { formulaSafeRows } from '../core/export/formula-safe';
import { OPEN_DATA_COLUMNS, type OpenDataTable, type OpenDataType } from '../core/export/open-data';

export const UTF8_BOM = '\uFEFF';

export function openDataCsv(table: OpenDataTable): Uint8Array {
  const text = stringify([[...table.headers], ...formulaSafeRows(table.rows)], { record_delimiter: 'windows' });
  return new TextEncoder().encode(`${UTF8_BOM}${text}`);
}

const PARQUET_TYPE: Record<OpenDataType, 'STRING' | 'DOUBLE' | 'INT32'> = { text: 'STRING', number: 'DOUBLE', integer: 'INT32' };

export async function openDataParquet(table: OpenDataTable): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const columnData = OPEN_DATA_COLUMNS.map((c, i) => ({
    name: c.name,
    data: table.rows.map((r) => r[i]),
    type: PARQUET_TYPE[c.type],
    nullable: true,
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, kvMetadata: [{ key: 'source', value: 'shinchoku export' }] }));
}
