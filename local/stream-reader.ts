/**
 * The table's DynamoDB stream as the local tailer reads it (DynamoDB Local serves the Streams API on its own
 * endpoint), and its records in the shape Lambda hands a stream consumer (`DynamoDBRecord`).
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type _Record,
  type AttributeValue as SdkAttributeValue,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

export interface StreamShard {
  shardId: string;
  parentShardId?: string;
  /** Set once the shard is closed: no record comes after it. */
  endingSequenceNumber?: string;
}

export type IteratorPosition =
  | { type: 'LATEST' | 'TRIM_HORIZON' }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

/** What the tailer needs of DynamoDB Streams (tests give it a fake). */
export interface StreamReader {
  /** The table's newest stream, if it has one. */
  latestStreamArn(): Promise<string | undefined>;
  /** Every shard of the stream, open and closed (DescribeStream, all pages). */
  shards(streamArn: string): Promise<StreamShard[]>;
  iterator(streamArn: string, shardId: string, position: IteratorPosition): Promise<string | undefined>;
  /** A page of records; `next` is undefined once a closed shard has nothing more. */
  records(
    streamArn: string,
    iterator: string,
    limit: number,
  ): Promise<{ records: DynamoDBRecord[]; next: string | undefined }>;
}

/** The stream of `tableName` on a DynamoDB (Local) endpoint. `destroy` releases the client. */
export function dynamodbStreamReader(endpoint: string, tableName: string): StreamReader & { destroy(): void } {
  const client = new DynamoDBStreamsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  return {
    async latestStreamArn() {
      const { Streams } = await client.send(new ListStreamsCommand({ TableName: tableName }));
      // labels are creation times (ISO 8601): the greatest is the newest
      const newest = (Streams ?? []).sort((a, b) => ((a.StreamLabel ?? '') < (b.StreamLabel ?? '') ? -1 : 1)).at(-1);
      return newest?.StreamArn;
    },
    async shards(streamArn) {
      const shards: StreamShard[] = [];
      let start: string | undefined;
      do {
        const { StreamDescription: d } = await client.send(
          new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
        );
        for (const s of d?.Shards ?? [])
          shards.push({
            shardId: s.ShardId!,
            parentShardId: s.ParentShardId,
            endingSequenceNumber: s.SequenceNumberRange?.EndingSequenceNumber,
          });
        start = d?.LastEvaluatedShardId;
      } while (start);
      return shards;
    },
    async iterator(streamArn, shardId, position) {
      const out = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: position.type,
          SequenceNumber: position.type === 'AFTER_SEQUENCE_NUMBER' ? position.sequenceNumber : undefined,
        }),
      );
      return out.ShardIterator;
    },
    async records(streamArn, iterator, limit) {
      const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      return { records: (out.Records ?? []).map((r) => lambdaRecord(r, streamArn)), next: out.NextShardIterator };
    },
    destroy: () => client.destroy(),
  };
}

/**
 * A stream record as Lambda delivers it: the same fields, `ApproximateCreationDateTime` in epoch seconds, binary
 * values in base64, empty maps as AWS writes them, and the stream's ARN as `eventSourceARN`.
 */
export function lambdaRecord(r: _Record, streamArn: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: r.eventVersion,
    eventSource: r.eventSource,
    awsRegion: r.awsRegion,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: d.Keys && lambdaImage(d.Keys),
      ...(d.NewImage ? { NewImage: lambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: lambdaImage(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    eventSourceARN: streamArn,
  };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function lambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, lambdaValue(value)]));
}

function lambdaValue(value: SdkAttributeValue): AttributeValue {
  // DynamoDB Local writes an empty map into a stream record as `{}` (AWS: `{"M":{}}`); no other value is ever empty
  if (Object.values(value).every((v) => v === undefined)) return { M: {} };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: lambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(lambdaValue) };
  return value as AttributeValue;
}
