/**
 * Vulnerability facts: Trivy JSON reports (vulnerabilities/<name>.json) and ECR DescribeImageScanFindings responses,
 * joined to images by manifest digest (Trivy: Metadata.RepoDigests, not ImageID which is the config digest).
 */
import type { ScopeFactsBuilder } from './facts.js';
import { MalformedElement, asObject, isObject, objects, optObject, optString, reqString, strings, type JsonObject } from './read.js';

function addFinding(
  scope: ScopeFactsBuilder, digest: string, reference: string | undefined, id: string,
  severity: string | undefined, title: string | undefined, uri: string | undefined,
  pkg: string | undefined, fixedVersion: string | undefined, source: 'trivy' | 'ecr',
): void {
  scope.node('Image', digest, { name: reference ?? digest, cloud: 'none', digest, references: reference === undefined ? [] : [reference] });
  scope.node('Vulnerability', id, { name: id, cloud: 'none', severity: severity?.toUpperCase(), title, uri });
  scope.relationship('IMAGE_HAS_VULNERABILITY', digest, id, {
    packages: pkg === undefined ? [] : [pkg], fixedVersions: fixedVersion === undefined ? [] : [fixedVersion], sources: [source],
  });
}

/** One Trivy report (`trivy image --format json`). */
export function normaliseTrivyReport(path: string, body: unknown, scope: ScopeFactsBuilder): void {
  let report: JsonObject;
  let repoDigests: string[];
  try {
    report = asObject(body, 'report');
    repoDigests = strings(optObject(report, 'Metadata'), 'RepoDigests');
  } catch (error) {
    scope.problem(path, (error as Error).message);
    return;
  }
  const digests = repoDigests
    .map((reference) => ({ reference, digest: reference.match(/@(sha256:[0-9a-fA-F]{64})$/)?.[1]?.toLowerCase() }))
    .filter((entry): entry is { reference: string; digest: string } => entry.digest !== undefined);
  if (digests.length === 0) {
    scope.problem(path, 'report has no Metadata.RepoDigests manifest digest; it cannot be joined to images');
    return;
  }
  const results = Array.isArray(report.Results) ? report.Results : [];
  results.forEach((result, resultIndex) => {
    if (!isObject(result)) return;
    const vulnerabilities = Array.isArray(result.Vulnerabilities) ? result.Vulnerabilities : [];
    vulnerabilities.forEach((vulnerability, index) => {
      try {
        const entry = asObject(vulnerability, 'vulnerability');
        const id = reqString(entry, 'VulnerabilityID');
        const pkgName = optString(entry, 'PkgName');
        const installed = optString(entry, 'InstalledVersion');
        for (const { reference, digest } of digests) {
          addFinding(scope, digest, reference, id, optString(entry, 'Severity'), optString(entry, 'Title'), optString(entry, 'PrimaryURL'),
            pkgName === undefined ? undefined : `${pkgName}@${installed ?? ''}`, optString(entry, 'FixedVersion'), 'trivy');
        }
      } catch (error) {
        scope.problem(`${path}.Results[${resultIndex}].Vulnerabilities[${index}]`, error instanceof MalformedElement ? error.message : String(error));
      }
    });
  });
}

/** ECR DescribeImageScanFindings responses (a JSON array of pages). */
export function normaliseEcrFindings(path: string, body: unknown, scope: ScopeFactsBuilder): void {
  if (!Array.isArray(body)) {
    scope.problem(path, 'file is not a JSON array of responses; skipped');
    return;
  }
  body.forEach((page, pageIndex) => {
    try {
      const response = asObject(page, 'response');
      const digest = reqString(asObject(response.imageId, 'imageId'), 'imageDigest').toLowerCase();
      const repository = optString(response, 'repositoryName');
      const reference = repository === undefined ? undefined : `${repository}@${digest}`;
      const findings = optObject(response, 'imageScanFindings');
      for (const finding of objects(findings, 'findings')) {
        const name = reqString(finding, 'name');
        const attributes = objects(finding, 'attributes');
        const attribute = (key: string) => optString(attributes.find((a) => a.key === key), 'value');
        const pkg = attribute('package_name');
        addFinding(scope, digest, reference, name, optString(finding, 'severity'), optString(finding, 'description'), optString(finding, 'uri'),
          pkg === undefined ? undefined : `${pkg}@${attribute('package_version') ?? ''}`, undefined, 'ecr');
      }
      for (const finding of objects(findings, 'enhancedFindings')) {
        const details = optObject(finding, 'packageVulnerabilityDetails');
        const id = optString(details, 'vulnerabilityId') ?? reqString(finding, 'title');
        const packages = objects(details, 'vulnerablePackages');
        const first = packages[0];
        addFinding(scope, digest, reference, id, optString(finding, 'severity'), optString(finding, 'title'), optString(details, 'sourceUrl'),
          first === undefined ? undefined : `${optString(first, 'name') ?? ''}@${optString(first, 'version') ?? ''}`,
          optString(first, 'fixedInVersion'), 'ecr');
      }
    } catch (error) {
      scope.problem(`${path}[${pageIndex}]`, error instanceof MalformedElement ? error.message : String(error));
    }
  });
}
