import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { loadConfig } from '../../services/config.js';
import { defaultSource } from '../../services/scan/run-scan.js';

describe('configuration from the environment (README "Configuration")', () => {
  it('defaults to the embedded store, localhost, the sample estate and hourly rescans', () => {
    const config = loadConfig({});
    expect(config).toEqual(expect.objectContaining({
      neo4jUri: null, neo4jUsername: 'neo4j', neo4jPassword: null, graphPort: 7687, dataDir: resolve('.data'),
      apiHost: '127.0.0.1', apiPort: 8080, adminApiKey: null, snapshotDir: null, scanIntervalMinutes: 60,
    }));
    expect(config.aws.enabled).toBe(false);
    expect(config.azure.enabled).toBe(false);
    expect(defaultSource(config)).toEqual({ kind: 'sample' });
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      NEO4J_URI: 'bolt://db:7687', NEO4J_USERNAME: 'u', NEO4J_PASSWORD: 'p', NEO4J_DATABASE: 'graph', SAP_GRAPH_PORT: '7000',
      SAP_DATA_DIR: '/tmp/sap', SAP_API_HOST: '0.0.0.0', SAP_API_PORT: '9000', SAP_ADMIN_API_KEY: 'k', SAP_SNAPSHOT: '/tmp/snap',
      SAP_SCAN_INTERVAL_MINUTES: '0', AWS_ROLE_ARNS: 'arn:a, arn:b', AWS_REGIONS: 'eu-west-1', AZURE_SUBSCRIPTION_IDS: 's1,s2',
      AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 'x',
    });
    expect(config).toEqual(expect.objectContaining({
      neo4jUri: 'bolt://db:7687', neo4jUsername: 'u', neo4jPassword: 'p', neo4jDatabase: 'graph', graphPort: 7000, dataDir: '/tmp/sap',
      apiHost: '0.0.0.0', apiPort: 9000, adminApiKey: 'k', snapshotDir: '/tmp/snap', scanIntervalMinutes: 0,
    }));
    expect(config.aws).toEqual({ enabled: true, roleArns: ['arn:a', 'arn:b'], regions: ['eu-west-1'] });
    expect(config.azure).toEqual({ enabled: true, subscriptions: ['s1', 's2'] });
    // A snapshot wins over configured clouds; clouds win over the sample.
    expect(defaultSource(config)).toEqual({ kind: 'snapshot', dir: '/tmp/snap' });
    expect(defaultSource({ ...config, snapshotDir: null })).toEqual({ kind: 'live' });
  });

  it('refuses malformed numbers with the variable named', () => {
    expect(() => loadConfig({ SAP_API_PORT: 'eighty' })).toThrow("SAP_API_PORT must be a non-negative integer, got 'eighty'");
    expect(() => loadConfig({ SAP_SCAN_INTERVAL_MINUTES: '-5' })).toThrow('SAP_SCAN_INTERVAL_MINUTES');
  });
});
