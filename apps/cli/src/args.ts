import { parseArgs } from 'node:util';

export type OptionValues = Record<string, string | boolean | undefined>;

/** `--name value` options of a command; unknown options are an error that names them. */
export function options(args: string[], spec: Record<string, { type: 'string' | 'boolean' }>): OptionValues {
  return parseArgs({ args, options: spec, allowPositionals: true, strict: true }).values as OptionValues;
}

export function optional(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function required(values: OptionValues, name: string): string {
  const value = optional(values, name);
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}
