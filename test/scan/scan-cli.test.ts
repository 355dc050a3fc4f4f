import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { csvCell } from '../../services/scan/report.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

async function scan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'services/cli.ts', 'scan', ...args], {
      cwd: ROOT,
      env: { ...process.env, NEO4J_URI: '', AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '', AZURE_CLIENT_ID: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface JsonReport {
  findings: { id: string; ruleId: string; severity: string; resourceId: string; evidence: Record<string, unknown> }[];
  attackPaths: { id: string; risk: string; nodes: { id: string; label: string }[] }[];
}

describe('npm run scan', () => {
  it('scans a snapshot into the JSON pipeline contract, with stable ids across runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scan-'));
    const first = await scan(['--snapshot', 'samples/estate', '--format', 'json', '--out', join(dir, 'a.json')]);
    expect(first.code).toBe(0);
    const second = await scan(['--snapshot', 'samples/estate', '--format', 'json']);
    expect(second.code).toBe(0);
    const a = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as JsonReport;
    const b = JSON.parse(second.stdout) as JsonReport;
    expect(a.findings.length).toBeGreaterThan(0);
    for (const f of a.findings) {
      expect(f).toEqual(expect.objectContaining({ id: expect.stringMatching(/^f-[0-9a-f]{24}$/), ruleId: expect.any(String), severity: expect.any(String), resourceId: expect.any(String) }));
      expect(typeof f.evidence).toBe('object');
    }
    // The sample's oracle (samples/estate/README.md): the ALB-fronted storefront is publicly exposed.
    expect(a.findings.some((f) => f.ruleId === 'ecs-public-task' && f.resourceId === 'arn:aws:ecs:eu-west-1:111122223333:service/shop/storefront')).toBe(true);
    const lbPath = a.attackPaths.find((p) => p.nodes.some((n) => n.label === 'LoadBalancer'));
    expect(lbPath?.nodes[0]).toEqual({ id: 'internet', label: 'Internet' });
    expect(lbPath?.nodes.map((n) => n.label)).toEqual(['Internet', 'LoadBalancer', 'Listener', 'TargetGroup', 'EcsService', 'IamRole', 'AwsAccount']);
    expect(b.findings.map((f) => f.id).sort()).toEqual(a.findings.map((f) => f.id).sort());
    expect(b.attackPaths.map((p) => p.id).sort()).toEqual(a.attackPaths.map((p) => p.id).sort());
  });

  it('writes SARIF 2.1.0 and CSV, and fails the pipeline at --fail-on', async () => {
    const sarif = await scan(['--sample', '--format', 'sarif', '--fail-on', 'High']);
    expect(sarif.code).toBe(2);
    const doc = JSON.parse(sarif.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[] };
    expect(doc.version).toBe('2.1.0');
    const ruleIds = new Set(doc.runs[0]!.tool.driver.rules.map((r) => r.id));
    expect(ruleIds.has('aca-public-ingress')).toBe(true);
    for (const result of doc.runs[0]!.results) expect(ruleIds.has(result.ruleId)).toBe(true);

    const csv = await scan(['--sample', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('kind,id,ruleOrPathKind,severityOrRisk,resourceId,resourceName,scope,status,exempted,firstSeen,lastSeen,details');
    expect(lines.some((l) => l.startsWith('finding,f-'))).toBe(true);
    expect(lines.some((l) => l.startsWith('attack-path,p-'))).toBe(true);
  });

  it('refuses bad arguments with a clear error', async () => {
    const bad = await scan(['--format', 'xml']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format must be one of table, json, csv, sarif');
    const missing = await scan(['--snapshot', '/nonexistent/snapshot']);
    expect(missing.code).not.toBe(0);
  });

  it('neutralises spreadsheet formulas and quotes CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell({ k: 1 })).toBe('"{""k"":1}"');
    expect(csvCell(null)).toBe('');
  });
});
