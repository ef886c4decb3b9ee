// Dates cross into the database as integer milliseconds (see schema.ts for why).
import type { EpochMillis } from './schema.js';

export function toMillis(date: Date): EpochMillis {
  const ms = date.getTime();
  // An Invalid Date would be stored as NULL or NaN and silently break expiry comparisons.
  if (!Number.isSafeInteger(ms)) throw new RangeError('Cannot store an invalid Date');
  return ms;
}

/** Accepts the string and bigint forms too, in case a caller's `pg` pool lacks our int8 parser. */
export function fromMillis(value: EpochMillis | string | bigint): Date {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms)) throw new RangeError(`Stored timestamp is not an integer: ${String(value)}`);
  return new Date(ms);
}

export function fromNullableMillis(value: EpochMillis | string | bigint | null): Date | null {
  return value === null ? null : fromMillis(value);
}
