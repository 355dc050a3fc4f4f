import { describe, it, expect } from '@jest/globals';
import { parseResetsAfter, QuotaGate, retryAfterMs } from '../../../services/ingest/azure/live/throttle.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] });

describe('Resource Graph throttling helpers', () => {
  it('parses the quota reset header (hh:mm:ss, fractions, days)', () => {
    expect(parseResetsAfter('00:00:01')).toBe(1000);
    expect(parseResetsAfter('00:01:02.5')).toBe(62_500);
    expect(parseResetsAfter('1.00:00:00')).toBe(86_400_000);
    expect(parseResetsAfter('soon')).toBeUndefined();
  });

  it('reads Retry-After in ms headers, seconds, HTTP dates, else the quota reset', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '30', 'retry-after': '1' }))).toBe(30);
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(headers({ 'retry-after': 'Sat, 21 Nov 2026 10:00:05 GMT' }), Date.parse('Sat, 21 Nov 2026 10:00:00 GMT'))).toBe(5000);
    expect(retryAfterMs(headers({ 'x-ms-user-quota-resets-after': '00:00:03' }))).toBe(3000);
    expect(retryAfterMs(headers({}))).toBeUndefined();
  });

  it('waits for the reset only after a response reported the quota exhausted', async () => {
    const slept: number[] = [];
    let now = 0;
    const gate = new QuotaGate(async (ms) => void slept.push(ms), () => now);
    gate.observe(headers({ 'x-ms-user-quota-remaining': '3', 'x-ms-user-quota-resets-after': '00:00:05' }));
    await gate.ready();
    expect(slept).toEqual([]);
    gate.observe(headers({ 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:04' }));
    now = 1000;
    await gate.ready();
    expect(slept).toEqual([3000]);
    await gate.ready();
    expect(slept).toEqual([3000]);
  });
});
