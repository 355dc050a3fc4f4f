/**
 * Configuration from the environment (every variable is listed in the README's Configuration table).
 * The graph store is found by NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD, whether it is Neo4j or the
 * embedded server; without NEO4J_URI the product starts the embedded server itself.
 */
import { resolve } from 'node:path';

export interface ProductConfig {
  /** External store (Neo4j or a separately started embedded server); null = start the embedded server in-process. */
  neo4jUri: string | null;
  neo4jUsername: string;
  /** Null with the embedded default: a password is generated and kept in the data directory. */
  neo4jPassword: string | null;
  neo4jDatabase: string | undefined;
  /** Port of the embedded graph server (0 = any free port). */
  graphPort: number;
  dataDir: string;
  apiHost: string;
  apiPort: number;
  adminApiKey: string | null;
  /** Scan this snapshot directory instead of the clouds. */
  snapshotDir: string | null;
  scanIntervalMinutes: number;
  aws: { enabled: boolean; roleArns: string[]; regions: string[] | null };
  azure: { enabled: boolean; subscriptions: string[] | null };
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}

/** AWS credentials are configured when the SDK's default chain has something to start from. */
function awsConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_ROLE_ARNS || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
}

/** Azure is configured when DefaultAzureCredential has a service principal, workload identity or managed identity to use. */
function azureConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean((env.AZURE_CLIENT_ID && (env.AZURE_CLIENT_SECRET || env.AZURE_FEDERATED_TOKEN_FILE || env.AZURE_CLIENT_CERTIFICATE_PATH)) || env.SAP_AZURE_USE_DEFAULT_CREDENTIAL === '1');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProductConfig {
  return {
    neo4jUri: env.NEO4J_URI || null,
    neo4jUsername: env.NEO4J_USERNAME || 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD || null,
    neo4jDatabase: env.NEO4J_DATABASE || undefined,
    graphPort: integer(env.SAP_GRAPH_PORT, 7687, 'SAP_GRAPH_PORT'),
    dataDir: resolve(env.SAP_DATA_DIR || '.data'),
    apiHost: env.SAP_API_HOST || '127.0.0.1',
    apiPort: integer(env.SAP_API_PORT, 8080, 'SAP_API_PORT'),
    adminApiKey: env.SAP_ADMIN_API_KEY || null,
    snapshotDir: env.SAP_SNAPSHOT ? resolve(env.SAP_SNAPSHOT) : null,
    scanIntervalMinutes: integer(env.SAP_SCAN_INTERVAL_MINUTES, 60, 'SAP_SCAN_INTERVAL_MINUTES'),
    aws: { enabled: awsConfigured(env), roleArns: list(env.AWS_ROLE_ARNS), regions: list(env.AWS_REGIONS).length ? list(env.AWS_REGIONS) : null },
    azure: { enabled: azureConfigured(env), subscriptions: list(env.AZURE_SUBSCRIPTION_IDS).length ? list(env.AZURE_SUBSCRIPTION_IDS) : null },
  };
}
