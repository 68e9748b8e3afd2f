/**
 * The member file writer: RFC 4180 with CRLF, every cell guarded against spreadsheet formulas. Written here rather than
 * with csv-stringify (about 9 KB of the export's bundle for these few rules); the unit tests compare both, cell by cell,
 * over characters that need quoting, so the bytes stay what csv-stringify (`record_delimiter: 'windows'`, a cell with
 * a line break quoted) writes.
 */
import { escapeFormula, IMPORT_COLUMNS } from '#domain/member-csv.ts';
import type { MemberCsvWriter } from '#ports/member-csv.ts';

/** A cell holding the delimiter, a quote or any line break (CR, LF or both) is quoted, its quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;
const cell = (value: string): string => (NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

const line = (cells: string[]): string => `${cells.map((c) => cell(escapeFormula(c))).join(',')}\r\n`;

export const memberCsvWriter: MemberCsvWriter = {
  header: () => line([...IMPORT_COLUMNS]),
  row: (record) => line(IMPORT_COLUMNS.map((column) => record[column])),
};
