/**
 * round(value, precision, mode): Neo4j rounds the shortest decimal representation of the float
 * (Java's BigDecimal.valueOf(double).setScale(precision, mode)), not its exact binary value, so
 * round(2.675, 2) is 2.68 although the double 2.675 is slightly below it.
 */

export const ROUNDING_MODES = ['UP', 'DOWN', 'CEILING', 'FLOOR', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export function isRoundingMode(s: string): s is RoundingMode {
  return (ROUNDING_MODES as readonly string[]).includes(s);
}

export function roundDecimal(x: number, precision: number, mode: RoundingMode): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const negative = x < 0;
  const exp = Math.abs(x).toExponential(); // "d.ddde±E" with the shortest round-trip digits
  const e = exp.indexOf('e');
  const digits = exp.slice(0, e).replace('.', '');
  const exponent = Number(exp.slice(e + 1));
  // digits[k] has place value 10^(exponent - k); keep the digits with place value >= 10^-precision
  const keep = exponent + precision + 1;
  if (keep >= digits.length) return x;
  let kept = keep > 0 ? BigInt(digits.slice(0, keep)) : 0n;
  // Classify the dropped part against half a unit of the last kept place.
  const dropped = keep >= 0 ? digits.slice(keep) : '0'.repeat(-keep) + digits;
  const first = dropped.charCodeAt(0) - 48;
  const restNonZero = /[1-9]/.test(dropped.slice(1));
  const nonZero = first > 0 || restNonZero;
  const half = first > 5 || (first === 5 && restNonZero) ? 1 : first === 5 ? 0 : -1;
  let up: boolean;
  switch (mode) {
    case 'UP':
      up = nonZero;
      break;
    case 'DOWN':
      up = false;
      break;
    case 'CEILING':
      up = nonZero && !negative;
      break;
    case 'FLOOR':
      up = nonZero && negative;
      break;
    case 'HALF_UP':
      up = half >= 0;
      break;
    case 'HALF_DOWN':
      up = half > 0;
      break;
    case 'HALF_EVEN':
      up = half > 0 || (half === 0 && kept % 2n === 1n);
      break;
  }
  if (up) kept += 1n;
  if (kept === 0n) return 0; // BigDecimal has no negative zero
  const magnitude = Number(`${kept}e${-precision}`);
  return negative ? -magnitude : magnitude;
}
