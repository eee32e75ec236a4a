/** A service's saved column mappings for spreadsheet imports. */
import type { Tx } from '@harbour/db';
import type { ColumnMapping } from './spreadsheet';

export async function findImportMapping(tx: Tx, serviceId: string, name: string): Promise<ColumnMapping | undefined> {
  const row = await tx
    .selectFrom('import_mappings')
    .select('columns')
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.columns;
}

export async function saveImportMapping(
  tx: Tx,
  input: { serviceId: string; name: string; columns: ColumnMapping; userId: string; now: Date },
): Promise<void> {
  const values = {
    service_id: input.serviceId,
    name: input.name,
    columns: JSON.stringify(input.columns),
    updated_by: input.userId,
    updated_at: input.now,
  };
  await tx
    .insertInto('import_mappings')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['service_id', 'name']).doUpdateSet({
        columns: values.columns,
        updated_by: values.updated_by,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}

/** The service's saved mappings, the latest saved first. */
export async function listImportMappings(
  tx: Tx,
  serviceId: string,
): Promise<{ name: string; columns: ColumnMapping; updatedAt: Date }[]> {
  const rows = await tx
    .selectFrom('import_mappings')
    .select(['name', 'columns', 'updated_at'])
    .where('service_id', '=', serviceId)
    .orderBy('updated_at', 'desc')
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ name: row.name, columns: row.columns, updatedAt: row.updated_at }));
}
