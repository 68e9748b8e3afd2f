import { describe, expect, it } from 'vitest';
import { readMemberCsv } from '#adapters/csv/member-csv-reader.ts';
import { DomainError, ImportFileError, ImportTooLargeError } from '#domain/errors.ts';
import { type ImportCsvRecord, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '#domain/member-csv.ts';

const encoder = new TextEncoder();

/** The bytes in pieces of `size` bytes (a character may be cut between two pieces). */
async function* chunks(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
const bytesOf = (text: string) => encoder.encode(text);

async function readAll(input: Uint8Array | string, size?: number): Promise<ImportCsvRecord[]> {
  const rows: ImportCsvRecord[] = [];
  for await (const row of readMemberCsv(chunks(typeof input === 'string' ? bytesOf(input) : input, size))) {
    rows.push(row);
  }
  return rows;
}

/** The domain error reading `input` ends with (fails the test if it reads fine). */
async function failure(input: Uint8Array | string | AsyncIterable<Uint8Array>, size?: number): Promise<DomainError> {
  const source =
    typeof input === 'string' || input instanceof Uint8Array
      ? chunks(typeof input === 'string' ? bytesOf(input) : input, size)
      : input;
  try {
    for await (const _ of readMemberCsv(source)) {
      // read on
    }
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the file was read without an error');
}

describe('the member file reader', () => {
  it('maps the header to columns in any order and case, and yields each row with its index and line', async () => {
    const rows = await readAll('EMAIL, UserName ,firstname\nana@example.com,ana,Ana\nbo@example.com,bo,Bo\n');
    expect(rows).toEqual([
      { index: 0, line: 2, record: { email: 'ana@example.com', username: 'ana', firstName: 'Ana' } },
      { index: 1, line: 3, record: { email: 'bo@example.com', username: 'bo', firstName: 'Bo' } },
    ]);
  });

  it('reads a quoted cell with a comma and a line break, and counts the lines it spans', async () => {
    const rows = await readAll(
      'username,email,lastName\nana,ana@example.com,"Smith, Jr.\nthe second"\nbo,bo@example.com,"x ""y"""\n',
    );
    expect(rows.map((r) => [r.line, r.record.lastName])).toEqual([
      [2, 'Smith, Jr.\nthe second'],
      [4, 'x "y"'],
    ]);
  });

  it('drops a UTF-8 BOM (the first column is still known)', async () => {
    const rows = await readAll(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('username,email\nana,ana@example.com\n')]));
    expect(rows).toEqual([{ index: 0, line: 2, record: { username: 'ana', email: 'ana@example.com' } }]);
  });

  it('reads CRLF line ends, a quoted CRLF, and a file without a final line end', async () => {
    const rows = await readAll('username,email,lastName\r\nana,ana@example.com,"a\r\nb"\r\nbo,bo@example.com,c');
    expect(rows.map((r) => [r.line, r.record.username, r.record.lastName])).toEqual([
      [2, 'ana', 'a\r\nb'],
      [4, 'bo', 'c'],
    ]);
  });

  it('passes over empty and blank rows, and still counts their lines', async () => {
    const rows = await readAll('username,email\n\nana,ana@example.com\n,\r\n\nbo,bo@example.com\n\n\n');
    expect(rows.map((r) => [r.index, r.line, r.record.username])).toEqual([
      [0, 3, 'ana'],
      [1, 6, 'bo'],
    ]);
  });

  it('joins a two-byte character cut between two chunks', async () => {
    const bytes = bytesOf('username,email,firstName\nana,ana@example.com,Zoé\n');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of é
    const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)];
    const rows: ImportCsvRecord[] = [];
    for await (const row of readMemberCsv(
      (async function* () {
        yield* pieces;
      })(),
    ))
      rows.push(row);
    expect(rows[0].record.firstName).toBe('Zoé');
    // and with every chunk a single byte
    expect((await readAll(bytes, 1))[0].record.firstName).toBe('Zoé');
  });

  it('refuses bytes that are not UTF-8, in the middle or cut off at the end (400 invalid_encoding)', async () => {
    const latin1 = new Uint8Array([...bytesOf('username,email,firstName\nana,ana@example.com,Zo'), 0xe9, 0x0a]);
    const inMiddle = await failure(latin1);
    expect(inMiddle).toBeInstanceOf(ImportFileError);
    expect(inMiddle).toMatchObject({ status: 400, code: 'invalid_encoding' });
    const cutOff = await failure(new Uint8Array([...bytesOf('username,email\nana,ana@example.com'), 0xc3]));
    expect(cutOff).toMatchObject({ status: 400, code: 'invalid_encoding' });
  });

  it.each([
    ['username,email,Phone\n', 'unknown_column', 'Phone'],
    ['username,email,\n', 'unknown_column', 'column 3'],
    ['email,firstName\n', 'missing_column', 'username'],
    ['username,firstName\n', 'missing_column', 'email'],
    ['username,email,EMAIL\n', 'duplicate_column', 'email'],
  ])('refuses the header %j (400 %s naming %s)', async (header, code, where) => {
    const error = await failure(`${header}ana,ana@example.com,x\n`);
    expect(error).toMatchObject({ status: 400, code, errors: [{ path: where }] });
    expect(error.detail).toContain(where.startsWith('column') ? where : `"${where}"`);
  });

  it.each([
    ['', 'empty_file'],
    ['\ufeff', 'empty_file'],
    ['\n\n', 'empty_file'],
    ['username,email\n', 'no_data_rows'],
    ['username,email\n,\n\n', 'no_data_rows'],
  ])('refuses %j (400 %s)', async (text, code) => {
    expect(await failure(text)).toMatchObject({ status: 400, code });
  });

  it('refuses rows with another number of cells than the header, naming the line the row starts on', async () => {
    const error = await failure('username,email,lastName\nana,ana@example.com,"two\nlines"\n\nbo,bo@example.com\n');
    expect(error).toMatchObject({ status: 400, code: 'malformed_csv', errors: [{ path: 'line 5' }] });
    expect(error.detail).toContain('line 5');
  });

  it.each([
    ['username,email\nana,"ana@example.com\n', 'line 2'],
    ['username,email\nana,O"Brien\n', 'line 2'],
    ['username,email\nana,"a"b\n', 'line 2'],
    ['username,"email\n', 'line 1'],
  ])('refuses text that is not CSV: %j (400 malformed_csv at %s)', async (text, where) => {
    expect(await failure(text)).toMatchObject({ status: 400, code: 'malformed_csv', errors: [{ path: where }] });
  });

  it(`reads ${MAX_IMPORT_ROWS} data rows, and refuses one more (413)`, async () => {
    const file = (n: number) =>
      `username,email\n${Array.from({ length: n }, (_, i) => `u${i},u${i}@example.com\n`).join('')}`;
    const rows = await readAll(file(MAX_IMPORT_ROWS));
    expect(rows).toHaveLength(MAX_IMPORT_ROWS);
    expect(rows.at(-1)).toMatchObject({ index: MAX_IMPORT_ROWS - 1, line: MAX_IMPORT_ROWS + 1 });
    const error = await failure(file(MAX_IMPORT_ROWS + 1));
    expect(error).toBeInstanceOf(ImportTooLargeError);
    expect(error).toMatchObject({ status: 413, code: 'import_too_large' });
    expect(error.detail).toContain('rows');
  });

  it('refuses a file over 5 MB (413) without reading past the limit', async () => {
    const row = bytesOf(`ana,ana@example.com,${'x'.repeat(1000)}\n`);
    let pulled = 0;
    async function* large() {
      yield bytesOf('username,email,lastName\n');
      for (let i = 0; i < 10_000; i++) {
        pulled += row.length;
        yield row;
      }
    }
    const error = await failure(large());
    expect(error).toMatchObject({ status: 413, code: 'import_too_large' });
    expect(error.detail).toContain('bytes');
    expect(pulled).toBeLessThan(MAX_IMPORT_BYTES + 2 * row.length);
  });

  it('reads lazily: rows come before the source is read to its end, and stopping stops the reading', async () => {
    let pulled = 0;
    async function* source() {
      yield bytesOf('username,email\n');
      for (let i = 0; i < 50_000; i++) {
        const piece = bytesOf(`u${i},u${i}@example.com\n`);
        pulled += piece.length;
        yield piece;
      }
    }
    let seen = 0;
    for await (const row of readMemberCsv(source())) {
      expect(row.index).toBe(seen++);
      if (seen === 10) break;
    }
    // the stream buffers stay small whatever the file's size (about 1 MB here)
    expect(pulled).toBeLessThan(64 * 1024);
  });
});
