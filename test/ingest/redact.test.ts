import { describe, it, expect } from '@jest/globals';
import { credentialHint, isRedactedValue, redactSnapshotFile } from '../../services/ingest/redact.js';

const PLANTED = 'hunter2-planted-secret';

describe('redaction', () => {
  it('redacts ECS task definition environment values and keeps names, images and secret references', () => {
    const body = [
      {
        taskDefinition: {
          containerDefinitions: [
            {
              name: 'api',
              image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2',
              environment: [
                { name: 'MYSQL_ROOT_PASSWORD', value: PLANTED },
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'EMPTY', value: '' },
              ],
              secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:eu-west-1:1:secret:db' }],
            },
          ],
        },
      },
    ];
    const out = redactSnapshotFile('aws/1/eu-west-1/ecs/DescribeTaskDefinition.json', body) as typeof body;
    const container = out[0]!.taskDefinition.containerDefinitions[0]!;
    expect(JSON.stringify(out)).not.toContain(PLANTED);
    expect(JSON.stringify(out)).not.toContain('"info"');
    expect(container.image).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2');
    expect(container.environment[0]).toEqual({
      name: 'MYSQL_ROOT_PASSWORD',
      value: { $redacted: 'snapshot/v1', set: true, looksLikeCredential: true, hint: 'name' },
    });
    expect(container.environment[1]).toEqual({
      name: 'LOG_LEVEL',
      value: { $redacted: 'snapshot/v1', set: true, looksLikeCredential: false },
    });
    expect(container.environment[2]!.value).toEqual({ $redacted: 'snapshot/v1', set: false, looksLikeCredential: false });
    expect(container.secrets[0]!.valueFrom).toBe('arn:aws:secretsmanager:eu-west-1:1:secret:db');
    // the input is not modified
    expect(body[0]!.taskDefinition.containerDefinitions[0]!.environment[0]!.value).toBe(PLANTED);
  });

  it('redacts task override environments, ACA env and secrets, ACI secure values, registry passwords, keys', () => {
    const rows = [
      { tasks: [{ overrides: { containerOverrides: [{ name: 'c', environment: [{ name: 'X', value: PLANTED }] }] } }] },
      {
        type: 'microsoft.app/containerapps',
        properties: {
          configuration: { secrets: [{ name: 'db-password', value: PLANTED }, { name: 'kv', keyVaultUrl: 'https://kv/s' }] },
          template: { containers: [{ name: 'api', image: 'repo/api:v1', env: [{ name: 'A', value: PLANTED }, { name: 'B', secretRef: 'db-password' }] }] },
        },
      },
      {
        type: 'microsoft.containerinstance/containergroups',
        properties: {
          containers: [{ name: 'c', properties: { image: 'nginx', environmentVariables: [{ name: 'S', secureValue: PLANTED }, { name: 'N', value: null, secureValue: null }] } }],
          imageRegistryCredentials: [{ server: 'r.azurecr.io', username: 'u', password: PLANTED }],
          diagnostics: { logAnalytics: { workspaceId: 'w', workspaceKey: PLANTED } },
          volumes: [{ name: 'v', secret: { 'key.pem': PLANTED } }],
        },
      },
    ];
    const out = redactSnapshotFile('azure/t/resources.json', rows) as any[];
    expect(JSON.stringify(out)).not.toContain(PLANTED);
    expect(out[1].properties.configuration.secrets[1]).toEqual({ name: 'kv', keyVaultUrl: 'https://kv/s' });
    expect(out[1].properties.template.containers[0].env[1]).toEqual({ name: 'B', secretRef: 'db-password' });
    expect(out[1].properties.template.containers[0].image).toBe('repo/api:v1');
    expect(out[2].properties.containers[0].properties.environmentVariables[1]).toEqual({ name: 'N', value: null, secureValue: null });
    expect(out[2].properties.imageRegistryCredentials[0].username).toBe('u');
    expect(isRedactedValue(out[2].properties.imageRegistryCredentials[0].password)).toBe(true);
  });

  it('is idempotent', () => {
    const once = redactSnapshotFile('x', [{ environment: [{ name: 'TOKEN', value: 'abc' }] }]);
    expect(redactSnapshotFile('x', once)).toEqual(once);
  });

  it('recognises credential-looking values', () => {
    expect(credentialHint('X', 'AKIAIOSFODNN7EXAMPLE')).toBe('aws-access-key');
    expect(credentialHint('X', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')).toBe('jwt');
    expect(credentialHint('X', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==;')).toBe('connection-string');
    expect(credentialHint('X', 'postgres://app:pw@db:5432/app')).toBe('url-credentials');
    expect(credentialHint('X', 'q8Zr3LmT9vXw2Kp7Yn4Bc6Hd1Jf5Gs0A')).toBe('high-entropy');
    expect(credentialHint('DB_CONN_STR', 'x')).toBe('name');
    expect(credentialHint('LOG_LEVEL', 'info')).toBeUndefined();
    expect(credentialHint('IMAGE', 'myacr.azurecr.io/api:1.4.2')).toBeUndefined();
    expect(credentialHint('URL', 'https://example.com/some/long/path/to/resource')).toBeUndefined();
  });
});
