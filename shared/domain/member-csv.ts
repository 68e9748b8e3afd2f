/**
 * The member file (CSV) of bulk import and export: its columns, its limits, and how a header maps to columns.
 * Reading bytes and quoting is the CSV adapter's; what a header and a row mean is decided here.
 */
import { ImportFileError } from './errors.ts';

/** The columns of a member file, in the order an export writes them. A header names them in any order and case. */
export const IMPORT_COLUMNS = [
  'username',
  'email',
  'firstName',
  'lastName',
  'type',
  'role',
  'unit',
  'countryCode',
  'language',
  'groups',
  'services',
  'extension',
  'sendInvitation',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** At most this many data rows (the header not counted) in one file. */
export const MAX_IMPORT_ROWS = 10_000;
/** At most this many bytes in one file (a BOM counted). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** A problem with one row, named by its column (`null`: the row as a whole). */
export interface RowProblem {
  column: ImportColumn | null;
  code: string;
  message: string;
}

/** One data row of a member file: the cells of the columns its header has (absent: no such column). */
export type ImportRecord = Partial<Record<ImportColumn, string>>;

/** A data row as read: its 0-based index among the data rows and the file line it starts on (the header is line 1). */
export interface ImportCsvRecord {
  index: number;
  line: number;
  record: ImportRecord;
}

/** Columns a header must have (an email cell may still be empty for a member that is not a person). */
export const REQUIRED_IMPORT_COLUMNS: readonly ImportColumn[] = ['username', 'email'];

const byLowerCase = new Map<string, ImportColumn>(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c]));

/**
 * The column of each header cell, matched without regard to case or surrounding blanks. An unknown, unnamed or
 * repeated column, or a missing `username` or `email` column, refuses the whole file (400, naming the column).
 */
export function importColumnsOf(header: readonly string[]): ImportColumn[] {
  const seen = new Set<ImportColumn>();
  const columns = header.map((cell, i) => {
    const name = cell.trim();
    if (name === '') {
      throw new ImportFileError('unknown_column', `column ${i + 1}`, `column ${i + 1} of the header has no name`);
    }
    const column = byLowerCase.get(name.toLowerCase());
    if (!column) {
      throw new ImportFileError(
        'unknown_column',
        name,
        `unknown column "${name}"; the columns are ${IMPORT_COLUMNS.join(', ')}`,
      );
    }
    if (seen.has(column)) throw new ImportFileError('duplicate_column', column, `column "${column}" appears twice`);
    seen.add(column);
    return column;
  });
  for (const required of REQUIRED_IMPORT_COLUMNS) {
    if (!seen.has(required)) {
      throw new ImportFileError('missing_column', required, `the header has no "${required}" column`);
    }
  }
  return columns;
}

/** A data row of cells by column. */
export function importRecordOf(columns: readonly ImportColumn[], cells: readonly string[]): ImportRecord {
  const record: ImportRecord = {};
  columns.forEach((column, i) => {
    record[column] = cells[i];
  });
  return record;
}

/** A row whose every cell is blank (a spreadsheet's `,,,,` line) is no member: readers pass over it. */
export const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/** How many line breaks (CRLF, LF or a lone CR) the cells hold: a quoted line break moves the next row's line. */
export const lineBreaksIn = (cells: readonly string[]): number =>
  cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or a CR may
 * run as a formula when the file is opened. Such a cell is written with a `'` before it, and so is a cell that starts
 * with `'`s and then one of those characters, so that reading drops exactly one `'` and every value comes back as it
 * was written (`unescapeFormula(escapeFormula(x)) === x` for every x).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA_START = /^''*[=+\-@\t\r]/;
export const escapeFormula = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);
export const unescapeFormula = (cell: string): string => (ESCAPED_FORMULA_START.test(cell) ? cell.slice(1) : cell);

/**
 * Lists in one cell (`groups`, `services`) are `;`-separated, unit paths `/`-separated (`/Sales/EMEA`); a name holding
 * the separator or a backslash writes it after a backslash (`R\;D`, `A\/B`, `C:\\`).
 */
export function joinEscaped(parts: readonly string[], separator: ';' | '/'): string {
  return parts.map((p) => p.replace(/[\\;/]/g, (c) => (c === '\\' || c === separator ? `\\${c}` : c))).join(separator);
}

/** The parts of a separated cell, unescaped; null when a backslash ends the cell (it escapes nothing). */
export function splitEscaped(cell: string, separator: ';' | '/'): string[] | null {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '\\') {
      if (i + 1 === cell.length) return null;
      current += cell[++i];
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** A unit path as a member file writes it: `/` for the root, else `/` and the names from the root's child down. */
export const formatUnitPath = (names: readonly string[]): string => `/${joinEscaped(names, '/')}`;
