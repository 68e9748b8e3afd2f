import type { ImportColumn, ImportCsvRecord } from '#domain/member-csv.ts';

/**
 * Reads a member file as it arrives, row by row, in flat memory: UTF-8 with or without a BOM, CRLF or LF line ends,
 * RFC 4180 quoting. Throws `ImportFileError` (400) for a file that is not UTF-8, not CSV, empty or with a header that
 * does not fit, and `ImportTooLargeError` (413) past MAX_IMPORT_BYTES or MAX_IMPORT_ROWS, at the point it finds out.
 */
export type MemberCsvReader = (bytes: AsyncIterable<Uint8Array>) => AsyncIterable<ImportCsvRecord>;

/** Writes member file rows (RFC 4180, CRLF), every cell guarded against spreadsheet formulas (`escapeFormula`). */
export interface MemberCsvWriter {
  /** The header line: IMPORT_COLUMNS in order. */
  header(): string;
  /** One row's line, its cells in IMPORT_COLUMNS order. */
  row(record: Record<ImportColumn, string>): string;
}
