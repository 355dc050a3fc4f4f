/** Trivy JSON reports (SchemaVersion 2, `trivy image --format json`) for generated images, joinable by manifest digest. */
import type { Rng } from './rng.js';

const PACKAGES = [
  { PkgName: 'openssl', InstalledVersion: '3.0.11-1~deb12u1', FixedVersion: '3.0.13-1~deb12u1' },
  { PkgName: 'glibc', InstalledVersion: '2.36-9+deb12u3', FixedVersion: '2.36-9+deb12u7' },
  { PkgName: 'zlib1g', InstalledVersion: '1:1.2.13.dfsg-1', FixedVersion: '' },
  { PkgName: 'curl', InstalledVersion: '7.88.1-10+deb12u4', FixedVersion: '7.88.1-10+deb12u5' },
  { PkgName: 'libexpat1', InstalledVersion: '2.5.0-1', FixedVersion: '2.5.0-1+deb12u1' },
];

export function trivyReport(rng: Rng, image: string, digest: string): Record<string, unknown> {
  const repository = image.split('@')[0]!.replace(/:[^/:]+$/, '');
  const vulnerabilities = PACKAGES.filter(() => rng.chance(0.7)).map((pkg, index) => ({
    VulnerabilityID: `CVE-2024-${rng.int(1000, 52000)}`,
    PkgID: `${pkg.PkgName}@${pkg.InstalledVersion}`,
    PkgName: pkg.PkgName,
    InstalledVersion: pkg.InstalledVersion,
    ...(pkg.FixedVersion ? { FixedVersion: pkg.FixedVersion } : {}),
    Status: pkg.FixedVersion ? 'fixed' : 'affected',
    Severity: index === 0 ? 'CRITICAL' : rng.pick(['CRITICAL', 'HIGH', 'MEDIUM']),
    Title: `${pkg.PkgName}: memory corruption in parser`,
    PrimaryURL: `https://avd.aquasec.com/nvd/cve-2024-${rng.int(1000, 52000)}`,
  }));
  if (!vulnerabilities.some((v) => v.Severity === 'CRITICAL')) {
    vulnerabilities.push({ VulnerabilityID: 'CVE-2024-6387', PkgID: 'openssh-client@1:9.2p1-2', PkgName: 'openssh-client', InstalledVersion: '1:9.2p1-2', FixedVersion: '1:9.2p1-2+deb12u3', Status: 'fixed', Severity: 'CRITICAL', Title: 'openssh: regreSSHion', PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2024-6387' });
  }
  return {
    SchemaVersion: 2,
    CreatedAt: '2026-11-20T06:00:00.000000000Z',
    ArtifactName: image,
    ArtifactType: 'container_image',
    Metadata: {
      OS: { Family: 'debian', Name: '12.5' },
      ImageID: `sha256:${rng.hex(64)}`,
      DiffIDs: [`sha256:${rng.hex(64)}`],
      RepoTags: [image],
      RepoDigests: [`${repository}@${digest}`],
      ImageConfig: { architecture: 'amd64', os: 'linux', config: { User: '' } },
    },
    Results: [{ Target: `${image} (debian 12.5)`, Class: 'os-pkgs', Type: 'debian', Vulnerabilities: vulnerabilities }],
  };
}
