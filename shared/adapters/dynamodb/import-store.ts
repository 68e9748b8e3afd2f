/** Bulk imports (entities/member-import.ts): the request side's store and the reader of a stored file. */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportFiles } from '#ports/imports.ts';
import { ddb } from './client.ts';
import { chunkData, importFile } from './entities/member-import.ts';
import type { Item } from './entity.ts';
import { queryInput } from './query.ts';

/** The stored chunks of an import's gzipped file, in order, a Query page at a time. */
async function* gzipChunks(importId: string): AsyncGenerator<Uint8Array> {
  let start: Item | undefined;
  do {
    const out = await ddb.send(
      new QueryCommand(queryInput(importFile, [importId], { prefix: importFile.prefix, start })),
    );
    for (const item of out.Items ?? []) yield chunkData(item);
    start = out.LastEvaluatedKey;
  } while (start);
}

/** The uploaded bytes again: the chunks streamed through gunzip (memory stays at about one chunk). */
export const importFiles: ImportFiles = {
  async *open(imp) {
    const source = Readable.from(gzipChunks(imp.id));
    const gunzip = createGunzip();
    // a failed read fails the reader too (pipe alone would leave it waiting)
    source.once('error', (err) => gunzip.destroy(err));
    source.pipe(gunzip);
    for await (const bytes of gunzip) yield bytes as Uint8Array;
  },
};
