import { describe, it, expect } from '@jest/globals';
import { normaliseSnapshot } from '../../services/ingest/normalise.js';
import { nodeOf, relsOf, scopeOf } from './facts-helpers.js';

const MANIFEST_DIGEST = `sha256:${'cd'.repeat(32)}`;
const CONFIG_DIGEST = `sha256:${'ef'.repeat(32)}`;

describe('Trivy reports', () => {
  it('join images by the manifest digest of Metadata.RepoDigests, not by ImageID (the config digest)', () => {
    const facts = normaliseSnapshot(
      new Map<string, unknown>([
        [
          'vulnerabilities/api.json',
          {
            SchemaVersion: 2, ArtifactName: 'myacr.azurecr.io/api:1', ArtifactType: 'container_image',
            Metadata: { ImageID: CONFIG_DIGEST, RepoDigests: [`myacr.azurecr.io/api@${MANIFEST_DIGEST.toUpperCase().replace('SHA256', 'sha256')}`] },
            Results: [
              {
                Target: 'debian', Vulnerabilities: [
                  { VulnerabilityID: 'CVE-2023-1', PkgName: 'libc', InstalledVersion: '2.1', FixedVersion: '2.2', Severity: 'critical', Title: 'x' },
                  { PkgName: 'no-id' },
                ],
              },
              { Target: 'secrets', Secrets: [{ RuleID: 'aws-access-key-id', Match: 'AKIAPLANTEDEXAMPLE12' }] },
            ],
          },
        ],
        ['vulnerabilities/no-digest.json', { SchemaVersion: 2, Metadata: { ImageID: CONFIG_DIGEST }, Results: [] }],
      ]),
    );
    expect(nodeOf(facts, 'vulnerabilities', 'Vulnerability', 'CVE-2023-1')).toEqual({ id: 'CVE-2023-1', name: 'CVE-2023-1', cloud: 'none', severity: 'CRITICAL', title: 'x' });
    expect(relsOf(facts, 'vulnerabilities', 'IMAGE_HAS_VULNERABILITY')).toEqual([
      { from: MANIFEST_DIGEST, to: 'CVE-2023-1', props: { packages: ['libc@2.1'], fixedVersions: ['2.2'], sources: ['trivy'] } },
    ]);
    expect(scopeOf(facts, 'vulnerabilities').problems).toEqual([
      { source: 'vulnerabilities/api.json.Results[0].Vulnerabilities[1]', message: 'missing or non-string VulnerabilityID' },
      { source: 'vulnerabilities/no-digest.json', message: 'report has no Metadata.RepoDigests manifest digest; it cannot be joined to images' },
    ]);
    expect(JSON.stringify([...scopeOf(facts, 'vulnerabilities').nodes.values()])).not.toContain('AKIAPLANTEDEXAMPLE12');
  });
});
