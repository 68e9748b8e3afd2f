/** `switchboard export`: the account's directory as CSV, page after page (`Link: <…>; rel="next"`), to a file or stdout. */
import { parseNextLink, type Api } from './api.ts';

export interface ExportOptions {
  account: string;
}

/** Where the CSV goes: written in order; `commit` once every page arrived, `abort` when one did not. */
export interface CsvSink {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ExportDeps {
  api: Api;
  sink: CsvSink;
  err: (text: string) => void;
}

/** Keeps a leading BOM (spreadsheets read it as "this is UTF-8"), which `Response.text()` would drop. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The first line of a CSV text (its header row), without a BOM or line ending. */
export const headerOf = (text: string): string => {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end)).replace(/^\uFEFF/, '').replace(/\r$/, '');
};

/** A later page as it continues the first: its BOM and its repeated header row dropped. */
export function continuation(page: string, header: string): string {
  const text = page.replace(/^\uFEFF/, '');
  if (headerOf(text) !== header) return text;
  const end = text.indexOf('\n');
  return end === -1 ? '' : text.slice(end + 1);
}

export async function runExport(options: ExportOptions, deps: ExportDeps): Promise<number> {
  let next: string | null = deps.api.url(`/v1/accounts/${options.account}/users/export`);
  let header: string | undefined;
  let pages = 0;
  let bytes = 0;
  try {
    while (next) {
      const url: string = next;
      const response = await deps.api.request('GET', url, { headers: { accept: 'text/csv' } });
      const page = utf8.decode(await response.arrayBuffer());
      const text = header === undefined ? page : continuation(page, header);
      header ??= headerOf(page);
      await deps.sink.write(text);
      pages += 1;
      bytes += Buffer.byteLength(text);
      next = parseNextLink(response.headers.get('link'), url);
    }
  } catch (error) {
    await deps.sink.abort();
    throw error;
  }
  await deps.sink.commit();
  deps.err(`Exported ${bytes} bytes in ${pages} page${pages === 1 ? '' : 's'}\n`);
  return 0;
}
