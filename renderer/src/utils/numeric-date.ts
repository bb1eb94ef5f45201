// The largest moment a Date can hold (ECMA-262 §21.4.1.1); beyond it toISOString() throws.
const MAX_EPOCH_MS = 8.64e15;

/** Epoch ms when `value` is a usable moment in epoch ms, else undefined. */
export const validEpochMs = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_EPOCH_MS ? value : undefined;

/** A JWT NumericDate (seconds since the epoch, RFC 7519 §2) as epoch ms, or undefined when it
 *  is not a usable moment. Claims come from the provider: never trust them to be in range. */
export const numericDateToMs = (value: unknown): number | undefined =>
  typeof value === 'number' ? validEpochMs(value * 1000) : undefined;
