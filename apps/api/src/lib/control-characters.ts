/**
 * NUL and the other C0 control characters (and DEL) have no place in any text Harbour accepts;
 * tab, line feed and carriage return do, in free text. PostgreSQL refuses NUL in text outright,
 * so one check before validation turns them into a 400 naming the field, for every route.
 */
const ALLOWED = new Set([0x09, 0x0a, 0x0d]);

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !ALLOWED.has(code)) || code === 0x7f) return true;
  }
  return false;
}

/** The JSON pointer of the first string (or key) holding a control character, or null. */
export function controlCharacterAt(value: unknown, pointer = ''): string | null {
  if (typeof value === 'string') return hasControl(value) ? pointer || '/' : null;
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
      if (hasControl(key)) return `${pointer}/${escaped}`;
      const found = controlCharacterAt(item, `${pointer}/${escaped}`);
      if (found) return found;
    }
  }
  return null;
}
