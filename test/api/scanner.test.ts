/**
 * The Scanner as main wires it to the API: while a scan started outside the API (the schedule, the first scan)
 * runs, POST /v1/scans answers 409 and GET /v1/scans shows it; the webhook dispatch after a scan runs after the
 * scan has ended (a slow or failing receiver does not hold it) and its failure is logged.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startHarness, problemOf, type Harness } from './harness.js';
import { Scanner } from '../../services/scanner/scanner.js';
import { loadConfig } from '../../services/config.js';

describe('scanner wiring', () => {
  let h: Harness;
  let scanner: Scanner;
  const logged: Record<string, unknown>[] = [];
  let dispatchSettled = false;
  let dispatchCalls = 0;

  beforeAll(async () => {
    h = await startHarness({ triggerScan: () => scanner.scan(), scanInProgress: () => scanner.scanning });
    scanner = new Scanner({
      driver: h.driver,
      config: loadConfig({ SAP_DATA_DIR: h.dataDir }),
      version: 'test',
      source: { kind: 'sample' },
      log: (event) => logged.push(event),
      // A receiver that takes its time and then fails: the scan must not wait for it.
      onEvents: async () => {
        dispatchCalls += 1;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        dispatchSettled = true;
        throw new Error('receiver unreachable');
      },
    });
  });
  afterAll(async () => h?.close());

  it('answers 409 to POST /v1/scans while a scheduled scan runs, and reports it as running', async () => {
    const scan = scanner.scan();
    expect(scanner.scanning).toBe(true);
    const refused = await h.call('/v1/scans', { method: 'POST', key: h.adminKey });
    expect(refused.status).toBe(409);
    expect((await problemOf(refused)).detail).toBe('A scheduled scan is running.');
    const status = (await (await h.call('/v1/scans')).json()) as { running: { id: string } | null };
    expect(status.running?.id).toBe('scheduled');

    const outcome = await scan;
    expect(outcome.evaluation.events.length).toBeGreaterThan(0);
    expect(scanner.scanning).toBe(false);
    // The scan ended before its webhook dispatch did.
    expect(dispatchSettled).toBe(false);
    const deadline = Date.now() + 30_000;
    while (!logged.some((e) => e.event === 'webhooks.failed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(dispatchCalls).toBe(1);
    expect(logged).toContainEqual(expect.objectContaining({ event: 'webhooks.failed', message: 'receiver unreachable' }));
  });

  it('accepts POST /v1/scans once the scheduled scan has ended, and joins no scan twice', async () => {
    const started = await h.call('/v1/scans', { method: 'POST', key: h.adminKey });
    expect(started.status).toBe(202);
    const again = await h.call('/v1/scans', { method: 'POST', key: h.adminKey });
    expect(again.status).toBe(409);
    await problemOf(again);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const status = (await (await h.call('/v1/scans')).json()) as { running: unknown };
      if (status.running === null) break;
      if (Date.now() > deadline) throw new Error('the requested scan did not finish');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(scanner.scanning).toBe(false);
  });
});
