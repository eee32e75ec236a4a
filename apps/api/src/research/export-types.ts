/**
 * What a statistics package needs to know of each export column: how its values are stored
 * (text, whole number, decimal, true/false, a list of codes) and a short variable name that
 * SPSS, Stata, SAS and R all accept. The Parquet writer and the syntax files read the same
 * answers, so a column is typed the same way in every format.
 */
import type { ExportColumn } from './export-columns';

export type StorageType = 'string' | 'integer' | 'double' | 'boolean' | 'codes';

export function storageOf(column: Pick<ExportColumn, 'type'>): StorageType {
  switch (column.type) {
    case 'integer':
      return 'integer';
    case 'number':
    case 'score':
      return 'double';
    case 'boolean':
    case 'caseness':
      return 'boolean';
    case 'codes':
      return 'codes';
    default:
      return 'string';
  }
}

/** Stata and SAS allow 32 characters in a name. */
const MAX_NAME = 32;

/**
 * Short names, unique within the table: the key in lower case with `_` for anything else
 * (`core.intake.referral_source` → `core_intake_referral_source`); a name longer than 32
 * characters keeps its end (the field) and is numbered.
 */
export function variableNames(columns: Pick<ExportColumn, 'key'>[]): string[] {
  const used = new Set<string>();
  return columns.map((column, index) => {
    let name = column.key.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    if (!/^[a-z]/.test(name)) name = `v_${name}`;
    if (name.length > MAX_NAME || used.has(name)) {
      const suffix = `_${index + 1}`;
      name = `v_${name.slice(-(MAX_NAME - 2 - suffix.length)).replace(/^_+/, '')}${suffix}`;
    }
    used.add(name);
    return name;
  });
}

/** The labels of a column's values: its codes, or yes/no for a true/false column. */
export function valueLabelsOf(column: Pick<ExportColumn, 'type' | 'codes'>): { code: string; label: string }[] {
  if (storageOf(column) === 'boolean') {
    return [
      { code: 'true', label: 'Yes' },
      { code: 'false', label: 'No' },
    ];
  }
  return column.codes;
}
