/**
 * NUL and the other C0 control characters (and DEL) have no place in any text Harbour accepts;
 * tab, line feed and carriage return do, in free text. PostgreSQL refuses NUL in text outright,
 * so one check before validation turns them into a 400 naming the field, for every route.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The JSON pointer of the first string (or key) holding a control character, or null. */
export function controlCharacterAt(value: unknown, pointer = ''): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? pointer || '/' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = controlCharacterAt(item, `${pointer}/${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
      if (CONTROL.test(key)) return `${pointer}/${escaped}`;
      const found = controlCharacterAt(item, `${pointer}/${escaped}`);
      if (found) return found;
    }
  }
  return null;
}
