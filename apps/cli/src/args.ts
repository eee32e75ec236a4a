import { parseArgs } from 'node:util';

/** `--name value` options of a command; unknown options are an error that names them. */
export function options<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  args: string[],
  spec: T,
) {
  return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
}

export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new Error(`--${name} is required`);
  return value;
}
