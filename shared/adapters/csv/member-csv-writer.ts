/** The member file writer on csv-stringify: RFC 4180 with CRLF, every cell guarded against spreadsheet formulas. */
import { stringify } from 'csv-stringify/sync';
import { escapeFormula, IMPORT_COLUMNS } from '#domain/member-csv.ts';
import type { MemberCsvWriter } from '#ports/member-csv.ts';

const line = (cells: string[]): string =>
  stringify([cells.map(escapeFormula)], {
    record_delimiter: 'windows',
    // a cell holding any line break (CR, LF or both) is quoted: readers take each for the end of a row otherwise
    quoted_match: [/[\r\n]/],
  });

export const memberCsvWriter: MemberCsvWriter = {
  header: () => line([...IMPORT_COLUMNS]),
  row: (record) => line(IMPORT_COLUMNS.map((column) => record[column])),
};
