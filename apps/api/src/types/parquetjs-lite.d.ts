/** The part of parquetjs-lite (which ships no types) that the research export uses. */
declare module 'parquetjs-lite' {
  import type { Writable } from 'node:stream';

  export type ParquetFieldDefinition = {
    type: 'UTF8' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN';
    optional?: boolean;
    repeated?: boolean;
    compression?: 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP';
  };

  export class ParquetSchema {
    constructor(fields: Record<string, ParquetFieldDefinition>);
  }

  export class ParquetWriter {
    static openStream(
      schema: ParquetSchema,
      stream: Writable,
      options?: { rowGroupSize?: number; useDataPageV2?: boolean },
    ): Promise<ParquetWriter>;
    appendRow(row: Record<string, unknown>): Promise<void>;
    close(): Promise<void>;
  }
}
