/**
 * Text the databases cannot keep: PostgreSQL refuses NUL in TEXT, and an unpaired UTF-16 surrogate has no UTF-8
 * form (both drivers would store U+FFFD and answer another string). JSON columns are safe (JSON escapes both);
 * plain columns — ids, team names, keys, hashes — are checked on the way in (`store.bad-text`), and a lookup by such
 * a string finds nothing without asking the database. Every adapter applies the same rule.
 */
import { StoreError } from './store-error.js';

const UNSTORABLE = /[\u0000\p{Cs}]/u;

export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/** Refuses a field whose text cannot be kept. */
export function checkText(fields: Readonly<Record<string, string | null | undefined>>): void {
  for (const [field, value] of Object.entries(fields))
    if (typeof value === 'string' && !isStorableText(value)) throw new StoreError('store.bad-text', { field });
}
