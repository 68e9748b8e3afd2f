/** The member file reader on csv-parse (streaming): bytes in, data rows out, one chunk in memory at a time. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, Parser } from 'csv-parse';
import { ImportFileError, ImportTooLargeError } from '#domain/errors.ts';
import {
  type ImportColumn,
  type ImportCsvRecord,
  importColumnsOf,
  importRecordOf,
  isBlankRow,
  lineBreaksIn,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
} from '#domain/member-csv.ts';
import type { MemberCsvReader } from '#ports/member-csv.ts';

/** No cell of a member file comes near this; past it the file is refused rather than buffered (an unclosed quote). */
const MAX_RECORD_CHARACTERS = 64 * 1024;

/** Text is handed to the parser in pieces of at most this many bytes, however large the chunks that arrive. */
const PIECE_BYTES = 64 * 1024;

/** UTF-8 text from bytes: a BOM dropped, a character cut across chunks joined, anything not UTF-8 refused. */
async function* utf8(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  const decode = (piece?: Uint8Array): string => {
    try {
      return piece ? decoder.decode(piece, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportFileError('invalid_encoding', 'file', `the file is not valid UTF-8 (before byte ${total})`);
    }
  };
  for await (const chunk of bytes) {
    for (let at = 0; at < chunk.byteLength; at += PIECE_BYTES) {
      const piece = chunk.subarray(at, at + PIECE_BYTES);
      total += piece.byteLength;
      if (total > MAX_IMPORT_BYTES) throw new ImportTooLargeError(`The file is over ${MAX_IMPORT_BYTES} bytes (5 MB).`);
      const text = decode(piece);
      if (text) yield text;
    }
  }
  const rest = decode();
  if (rest) yield rest;
}

export const readMemberCsv: MemberCsvReader = async function* (bytes) {
  // Each record is judged as csv-parse reads it (not as rows are consumed): an error then names its own line, and
  // a bad header is reported before any later row's problem.
  let nextLine = 1; // where the next record starts: the header is line 1
  let emptyLines = 0; // empty lines csv-parse has passed over so far
  let columns: ImportColumn[] | null = null;
  let index = 0;
  const parser = new Parser({
    record_delimiter: ['\r\n', '\n'],
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARACTERS,
    on_record: ((cells: string[], info: { empty_lines: number }): ImportCsvRecord | null => {
      const line = nextLine + info.empty_lines - emptyLines;
      emptyLines = info.empty_lines;
      nextLine = line + 1 + lineBreaksIn(cells);
      if (columns === null) {
        columns = importColumnsOf(cells);
        return null;
      }
      if (isBlankRow(cells)) return null;
      if (index >= MAX_IMPORT_ROWS) {
        throw new ImportTooLargeError(`The file has more than ${MAX_IMPORT_ROWS} data rows.`);
      }
      return { index: index++, line, record: importRecordOf(columns, cells) };
    }) as unknown as (cells: string[]) => string[] | null,
  });
  // errors of either side end up in the parser, whose iteration below throws them
  const flowing = pipeline(Readable.from(utf8(bytes)), parser).catch(() => undefined);
  try {
    yield* parser as AsyncIterable<ImportCsvRecord>;
  } catch (error) {
    if (error instanceof CsvError) {
      const at = nextLine + ((error as { empty_lines?: number }).empty_lines ?? emptyLines) - emptyLines;
      throw new ImportFileError('malformed_csv', `line ${at}`, `the row on line ${at} is not CSV: ${describe(error)}`);
    }
    throw error;
  } finally {
    parser.destroy();
    await flowing;
  }
  if (columns === null) throw new ImportFileError('empty_file', 'file', 'the file is empty');
  if (index === 0) throw new ImportFileError('no_data_rows', 'file', 'the file has a header but no data rows');
};

/** What went wrong, without csv-parse's own line count (which a quoted CRLF throws off). */
function describe(error: CsvError): string {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'it has another number of cells than the header';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return `a row is longer than ${MAX_RECORD_CHARACTERS} characters`;
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted cell (quote the cell and double the quote: "O""Brien")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted cell goes on after its closing quote';
    default:
      return 'the file is not valid CSV';
  }
}
