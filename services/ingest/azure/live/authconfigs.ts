/**
 * Container Apps auth configs (not indexed by Resource Graph): one ARM list call per container app with ingress,
 * through `@azure/arm-appcontainers` (`containerAppsAuthConfigs.listByContainerApp`), concurrency bounded. The SDK
 * flattens ARM `properties.*` into its models, so the raw ARM body is taken from the response (`onResponse`) to
 * store what the snapshot format defines. ARM's own throttling (429 + Retry-After) is handled by the client's
 * retry policy; a counting policy sees every attempt.
 */
import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import type { TokenCredential } from '@azure/core-auth';

type ClientOptions = NonNullable<ConstructorParameters<typeof ContainerAppsAPIClient>[2]>;

export interface AuthConfigClientSettings {
  credential: TokenCredential;
  endpoint: string;
  /** Extra trusted CA (PEM) for a local HTTPS endpoint in tests. */
  tlsCa?: string;
  maxRetries: number;
  onRequest: (status: number | undefined) => void;
}

export class AuthConfigReader {
  private readonly clients = new Map<string, ContainerAppsAPIClient>();

  constructor(private readonly settings: AuthConfigClientSettings) {}

  private client(subscriptionId: string): ContainerAppsAPIClient {
    let client = this.clients.get(subscriptionId);
    if (!client) {
      const options: ClientOptions = {
        endpoint: this.settings.endpoint,
        retryOptions: { maxRetries: this.settings.maxRetries },
        additionalPolicies: [
          {
            position: 'perRetry',
            policy: {
              name: 'countAuthConfigRequests',
              sendRequest: async (request, next) => {
                try {
                  const response = await next(request);
                  this.settings.onRequest(response.status);
                  return response;
                } catch (error) {
                  this.settings.onRequest(undefined);
                  throw error;
                }
              },
            },
          },
        ],
        ...(this.settings.tlsCa ? { tlsOptions: { ca: this.settings.tlsCa } } : {}),
      };
      client = new ContainerAppsAPIClient(this.settings.credential, subscriptionId, options);
      this.clients.set(subscriptionId, client);
    }
    return client;
  }

  /** The ARM bodies of the app's auth configs (every page). */
  async list(subscriptionId: string, resourceGroup: string, appName: string): Promise<Record<string, unknown>[]> {
    const bodies: Record<string, unknown>[] = [];
    const pages = this.client(subscriptionId)
      .containerAppsAuthConfigs.listByContainerApp(resourceGroup, appName, {
        onResponse: (raw) => {
          if (raw.status >= 200 && raw.status < 300 && raw.bodyAsText) {
            const body = JSON.parse(raw.bodyAsText) as { value?: Record<string, unknown>[] };
            bodies.push(...(body.value ?? []));
          }
        },
      })
      .byPage();
    for await (const page of pages) void page;
    return bodies;
  }
}
