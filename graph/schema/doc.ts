/**
 * Renders docs/graph-model.md from the schema (so the picture and the tables cannot drift from the code).
 * Regenerate: `npx tsx graph/schema/doc.ts > docs/graph-model.md` (test/schema/graph-model-doc.test.ts checks it).
 */
import { NODE_KINDS, RELATIONSHIP_KINDS } from './model.js';
import { DERIVED_RELATIONSHIP_KINDS, RESULT_NODE_KINDS, RESULT_RELATIONSHIP_KINDS } from './results.js';
import type { RelationshipKind } from './types.js';
import { COMMON_NODE_PROPERTIES, COMMON_RELATIONSHIP_PROPERTIES, type NodeKind } from './types.js';

function cloudOfLabel(label: string): string {
  if (label === 'AzureScope') return 'azure';
  return NODE_KINDS.find((kind) => kind.label === label)?.cloud ?? 'none';
}

function diagram(cloud: 'aws' | 'azure'): string {
  const lines = ['```mermaid', 'flowchart LR'];
  const relationships = RELATIONSHIP_KINDS.filter((kind) => cloudOfLabel(kind.from) === cloud || cloudOfLabel(kind.to) === cloud);
  for (const kind of relationships) lines.push(`  ${kind.from} -->|${kind.type}| ${kind.to}`);
  lines.push('```');
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function relationshipRow(kind: RelationshipKind): string {
  return `| \`${kind.type}\` | ${kind.from} | ${kind.to} | ${escape(kind.description)} | ${Object.entries(kind.properties).map(([name, spec]) => `\`${name}\` (${spec.type})`).join(', ')} |`;
}

function nodeSection(kind: NodeKind): string {
  const labels = [kind.label, ...(kind.extraLabels ?? [])].map((label) => `:${label}`).join('');
  const lines = [`### ${labels}`, '', `${kind.description} Key \`id\`: ${kind.key}. Lifetime: ${kind.lifetime}.`, ''];
  const properties = Object.entries(kind.properties);
  if (properties.length > 0) {
    lines.push('| property | type | meaning |', '|---|---|---|');
    for (const [name, spec] of properties) lines.push(`| \`${name}\` | ${spec.type} | ${escape(spec.description)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

export function renderGraphModelMarkdown(): string {
  const out: string[] = [
    '# Graph model',
    '',
    '<!-- Generated from graph/schema (npx tsx graph/schema/doc.ts > docs/graph-model.md); do not edit by hand. -->',
    '',
    'The ingest writes the facts the cloud control planes report, unjudged; the Cypher rules in `graph/cypher` derive',
    'exposure, privilege, recommendations and attack paths from them. The schema in `graph/schema/model.ts` is the single',
    'source of this model: constraints, indexes, load and cleanup statements, and the linter schema are generated from it.',
    '',
    '## Keys, scopes and freshness',
    '',
    '- Every node has a unique `id` per primary label (uniqueness constraint). Azure ARM ids are lower-cased (the same id',
    '  arrives in different casings from different APIs); AWS ARNs are kept exact. Azure role definitions are keyed by',
    '  their GUID, managed identities by principal id, the Internet by `internet`.',
    '- Every ingested resource (every scoped kind) also carries the label `:Resource`, indexed on `id` (`resource_id`,',
    '  not unique: ids are unique per primary label only), so `MATCH (r:Resource {id: $id})` finds a resource of any kind',
    '  without reading every node. Findings are indexed on `resourceId` (`finding_resource_id`).',
    '- Every node and relationship carries `scope` (the unit of replacement) and `scanId` (the scan that last wrote it).',
    '  Scopes: `aws:<account>:global` (account, IAM), `aws:<account>:<region>` (ECS, EC2, ELBv2, ECR findings),',
    '  `azure-tenant:<tenant>` (tenant, management groups, role definitions, assignments above subscriptions),',
    '  `azure:<subscription>` (everything in a subscription), `vulnerabilities` (scanner reports), `shared` (images,',
    '  vulnerabilities, the Internet: deleted when nothing links to them).',
    '- A successful scan of a scope deletes the scope\'s nodes and relationships with an older `scanId`. A scope whose',
    '  collection failed or whose files were unreadable/incomplete is left untouched; `(:ScopeStatus {id: <scope>})` says',
    '  `stale`, `staleSince`, `staleReason` and `lastSuccessScanId`. `(:ScanRun)` records each run.',
    `- Common node properties: ${Object.keys(COMMON_NODE_PROPERTIES).map((key) => `\`${key}\``).join(', ')}. Common relationship properties: ${Object.keys(COMMON_RELATIONSHIP_PROPERTIES).map((key) => `\`${key}\``).join(', ')}.`,
    '- Lists of action patterns (`actionPatterns`, `notActionPatterns`) are anchored regular expressions over lower-cased',
    '  actions: `toLower(\'iam:PassRole\') =~ pattern`.',
    '- Secret values never reach the graph: environment variables appear as names (`envNames`, `envPlainNames`,',
    '  `envCredentialLikeNames`, `envSecretNames`).',
    '',
    '## AWS',
    '',
    diagram('aws'),
    '',
    '## Azure',
    '',
    diagram('azure'),
    '',
    '## Relationships',
    '',
    '| type | from | to | meaning | properties |',
    '|---|---|---|---|---|',
    ...RELATIONSHIP_KINDS.map(relationshipRow),
    '',
    '## Nodes',
    '',
    ...NODE_KINDS.map(nodeSection),
    '',
    '## Derived relationships (graph/cypher/derive)',
    '',
    'Rebuilt before every evaluation from the facts above (each carries `derived: true`); the rules and attack paths read them.',
    '',
    '| type | from | to | meaning | properties |',
    '|---|---|---|---|---|',
    ...DERIVED_RELATIONSHIP_KINDS.map(relationshipRow),
    '',
    '## Evaluation results (services/evaluate, docs/findings-model.md)',
    '',
    '| type | from | to | meaning | properties |',
    '|---|---|---|---|---|',
    ...RESULT_RELATIONSHIP_KINDS.map(relationshipRow),
    '',
    ...RESULT_NODE_KINDS.map(nodeSection),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderGraphModelMarkdown());
