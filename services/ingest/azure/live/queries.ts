/**
 * Resource Graph queries of the collector. The snapshot stores Resource Graph rows as ARM JSON (id, name, type,
 * location, resourceGroup, subscriptionId, tenantId, identity, properties, tags, ...), exactly as `az graph query`
 * returns whole rows, so the queries select the types of cloud-apis.md §9.4 (Q1–Q7, grouped per table: one
 * pageable query per table instead of seven spends less of the per-user quota) and keep every column rather than
 * projecting flattened ones; joins and flattening happen in the normaliser. Every query keeps the string `id`
 * column (so paging stays possible), has no take/limit, and orders by `id` for stable pages.
 */

export interface GraphQuery {
  /** Snapshot file the rows go to. */
  file: 'resources.json' | 'authorizationresources.json' | 'resourcecontainers.json';
  table: 'resources' | 'authorizationresources' | 'resourcecontainers';
  query: string;
  /** Role assignments inherited from management groups only come back with AtScopeAboveAndBelow. */
  authorizationScopeFilter?: 'AtScopeAboveAndBelow';
}

const typeFilter = (types: string[]) => `| where type in~ (${types.map((t) => `'${t}'`).join(', ')})`;

export const RESOURCE_QUERY: GraphQuery = {
  file: 'resources.json',
  table: 'resources',
  query: [
    'resources',
    typeFilter(['microsoft.app/containerapps', 'microsoft.app/managedenvironments', 'microsoft.containerinstance/containergroups', 'microsoft.managedidentity/userassignedidentities']),
    '| order by id asc',
  ].join('\n'),
};

export const AUTHORIZATION_QUERY: GraphQuery = {
  file: 'authorizationresources.json',
  table: 'authorizationresources',
  query: ['authorizationresources', typeFilter(['microsoft.authorization/roleassignments', 'microsoft.authorization/roledefinitions']), '| order by id asc'].join('\n'),
  authorizationScopeFilter: 'AtScopeAboveAndBelow',
};

export const CONTAINER_QUERY: GraphQuery = {
  file: 'resourcecontainers.json',
  table: 'resourcecontainers',
  query: ['resourcecontainers', typeFilter(['microsoft.resources/subscriptions', 'microsoft.management/managementgroups']), '| order by id asc'].join('\n'),
};

export const GRAPH_QUERIES: readonly GraphQuery[] = [CONTAINER_QUERY, RESOURCE_QUERY, AUTHORIZATION_QUERY];
