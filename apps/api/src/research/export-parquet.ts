/**
 * An export as Apache Parquet: one typed column per export column (text, 32-bit integers,
 * doubles, booleans, and a list of codes as a repeated text column), nulls where the CSV is empty.
 * Rows are buffered into row groups by the writer and written to the response stream.
 */
import type { Writable } from 'node:stream';
import { type ParquetFieldDefinition, ParquetSchema, ParquetWriter } from 'parquetjs-lite';
import type { ExportColumn } from './export-columns';
import type { ExportValue } from './export-rows';
import { type StorageType, storageOf } from './export-types';

const parquetType: Record<StorageType, ParquetFieldDefinition['type']> = {
  string: 'UTF8',
  integer: 'INT32',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  codes: 'UTF8',
};

const ROW_GROUP_SIZE = 8192;

export type ParquetExport = {
  write(records: ExportValue[][]): Promise<void>;
  /** Writes the last row group and the footer, and ends the stream. */
  close(): Promise<void>;
};

export async function parquetExport(columns: ExportColumn[], out: Writable): Promise<ParquetExport> {
  const storages = columns.map(storageOf);
  const schema = new ParquetSchema(
    Object.fromEntries(
      columns.map((column, index) => {
        const storage = storages[index] as StorageType;
        const field: ParquetFieldDefinition = { type: parquetType[storage], compression: 'SNAPPY' };
        return [column.key, storage === 'codes' ? { ...field, repeated: true } : { ...field, optional: true }];
      }),
    ),
  );
  const writer = await ParquetWriter.openStream(schema, out, { rowGroupSize: ROW_GROUP_SIZE });
  return {
    async write(records) {
      for (const values of records) {
        const row: Record<string, unknown> = {};
        columns.forEach((column, index) => {
          const value = values[index];
          // A repeated column is absent when empty; an optional one when null.
          if (value !== null && value !== undefined) row[column.key] = value;
        });
        await writer.appendRow(row);
      }
    },
    close: () => writer.close(),
  };
}
