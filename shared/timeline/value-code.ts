// A rate or latency as an order-preserving integer: 4 significant digits, the precision the graph itself
// rounds to (classify.ts roundRate), so a replayed instant shows the same figures the live one did.
// Neighbouring values get neighbouring codes, so a poll-to-poll change delta-encodes into a byte or two.

const DIGITS = 4;
const MANTISSAS = 9 * 10 ** (DIGITS - 1); // 1000..9999
const MIN_EXPONENT = -12;
const MAX_EXPONENT = 15;

/** 0 for zero, negative, non-finite or below 1e-12; else a positive integer rising with the value. */
export function encodeValue(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  const rounded = Number(value.toPrecision(DIGITS));
  let exponent = Math.floor(Math.log10(rounded));
  if (exponent < MIN_EXPONENT) return 0;
  if (exponent > MAX_EXPONENT) exponent = MAX_EXPONENT;
  let mantissa = Math.round(scale(rounded, DIGITS - 1 - exponent));
  // log10 may land one off at exact powers of ten; the mantissa says which.
  if (mantissa >= 10 ** DIGITS) {
    exponent += 1;
    mantissa = Math.round(mantissa / 10);
  } else if (mantissa < 10 ** (DIGITS - 1)) {
    exponent -= 1;
    mantissa = Math.round(scale(rounded, DIGITS - 1 - exponent));
  }
  mantissa = Math.min(mantissa, 10 ** DIGITS - 1);
  return (exponent - MIN_EXPONENT) * MANTISSAS + (mantissa - 10 ** (DIGITS - 1)) + 1;
}

export function decodeValue(code: number): number {
  if (code <= 0) return 0;
  const index = code - 1;
  const exponent = Math.floor(index / MANTISSAS) + MIN_EXPONENT;
  const mantissa = (index % MANTISSAS) + 10 ** (DIGITS - 1);
  return Number(scale(mantissa, exponent - (DIGITS - 1)).toPrecision(DIGITS));
}

/** value × 10^power, dividing for negative powers so that e.g. 1234 / 100 is exactly the double 12.34. */
function scale(value: number, power: number): number {
  return power >= 0 ? value * 10 ** power : value / 10 ** -power;
}
