import { describe, it, expect } from '@jest/globals';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshot, writeSnapshot, type SnapshotFiles } from '../../services/ingest/snapshot/files.js';

describe('snapshot files', () => {
  it('round-trips files and manifest through writeSnapshot/readSnapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'snap-'));
    try {
      const files: SnapshotFiles = new Map<string, unknown>([
        ['aws/123456789012/us-east-1/ecs/DescribeServices.json', [{ services: [] }]],
        ['aws/123456789012/global/iam/GetAccountAuthorizationDetails.json', [{ RoleDetailList: [] }]],
        ['azure/tenant-1/resources.json', [{ id: '/subscriptions/s/x' }]],
      ]);
      await writeSnapshot(dir, files, { createdAt: '2026-01-01T00:00:00.000Z', tool: 'test' });
      const read = await readSnapshot(dir);
      expect(read.problems).toEqual([]);
      expect([...read.files.keys()].sort()).toEqual([...files.keys()].sort());
      expect(read.files.get('azure/tenant-1/resources.json')).toEqual([{ id: '/subscriptions/s/x' }]);
      expect(read.manifest).toMatchObject({
        format: 'snapshot/v1',
        createdAt: '2026-01-01T00:00:00.000Z',
        tool: 'test',
        scopes: ['aws:123456789012:global', 'aws:123456789012:us-east-1', 'azure-tenant:tenant-1'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports an invalid JSON file by name, ignores unknown files, and reads the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'snap-'));
    try {
      await mkdir(join(dir, 'aws/123456789012/us-east-1/ecs'), { recursive: true });
      await writeFile(join(dir, 'aws/123456789012/us-east-1/ecs/DescribeServices.json'), '[{"services": [}');
      await writeFile(join(dir, 'aws/123456789012/us-east-1/ecs/DescribeClusters.json'), '[{"clusters": []}]');
      await writeFile(join(dir, 'README.txt'), 'not part of the format');
      await mkdir(join(dir, 'azure/t'), { recursive: true });
      await writeFile(join(dir, 'azure/t/notes.json'), '{}');
      const read = await readSnapshot(dir);
      expect([...read.files.keys()]).toEqual(['aws/123456789012/us-east-1/ecs/DescribeClusters.json']);
      expect(read.problems).toHaveLength(1);
      expect(read.problems[0]!.source).toBe('aws/123456789012/us-east-1/ecs/DescribeServices.json');
      expect(read.manifest.format).toBe('snapshot/v1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
