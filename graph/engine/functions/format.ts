/**
 * How Neo4j prints values as strings (toString(), string concatenation): floats the way Java's
 * Double.toString does, so 1.0 prints '1.0', 1e7 prints '1.0E7' and 0.0001 prints '1.0E-4'.
 */

export function formatFloat(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d); // shortest round-trip digits, plain notation in this range
    return s.includes('.') ? s : s + '.0';
  }
  const exp = d.toExponential(); // shortest round-trip mantissa, e.g. "1.5e-7", "1e+21"
  const e = exp.indexOf('e');
  let mantissa = exp.slice(0, e);
  if (!mantissa.includes('.')) mantissa += '.0';
  const exponent = exp.slice(e + 1);
  return mantissa + 'E' + (exponent.startsWith('+') ? exponent.slice(1) : exponent);
}
