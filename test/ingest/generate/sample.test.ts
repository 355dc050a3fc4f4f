import { describe, it, expect } from '@jest/globals';
import { buildSampleEstate } from '../../../services/ingest/generate/sample.js';
import { readSnapshot } from '../../../services/ingest/snapshot/files.js';

type Json = Record<string, any>;

describe('bundled sample estate (samples/estate)', () => {
  it('is exactly what the sample builder writes, and reads back without problems', async () => {
    const read = await readSnapshot('samples/estate');
    expect(read.problems).toEqual([]);
    expect(read.files).toEqual(buildSampleEstate());
    expect(read.manifest.format).toBe('snapshot/v1');
  });

  it('holds a small estate on both clouds (15–30 workloads)', () => {
    const files = buildSampleEstate();
    const services = [...files.entries()].filter(([p]) => p.endsWith('DescribeServices.json')).flatMap(([, e]) => (e as Json[]).flatMap((x) => x.services));
    const resources = [...files.entries()].filter(([p]) => p.endsWith('/resources.json')).flatMap(([, rows]) => rows as Json[]);
    const workloads = services.length + resources.filter((r) => ['microsoft.app/containerapps', 'microsoft.containerinstance/containergroups'].includes(r.type)).length;
    expect(workloads).toBeGreaterThanOrEqual(15);
    expect(workloads).toBeLessThanOrEqual(30);
    const text = JSON.stringify([...files]);
    for (const secret of ['Tr0ub4dor&3-legacy-prod', 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr', 'P@ssw0rd-batch-2024!']) expect(text).not.toContain(secret);
  });
});
