// id: ecs-old-platform-version
// title: ECS Fargate services should run on the latest Fargate platform version
// severity: Medium
// platform: ECS
// resourceType: EcsService
// source: extended
// description: The Fargate service pins an old platform version: below 1.4.0 on Linux (1.4.0 added, among others, the
//   task ENI traffic and ephemeral storage encryption), or anything other than 1.0.0 on Windows. LATEST (also when the
//   version is not set) is compliant.
// remediation: Update the service with platformVersion LATEST (or 1.4.0 and later on Linux) and redeploy.
// references: ECS.10

// The operating system comes from the PRIMARY deployment's task definition (runtimePlatform.operatingSystemFamily).
MATCH (service:EcsService)
WHERE service.fargate = true AND service.platformVersion IS NOT NULL AND toUpper(service.platformVersion) <> 'LATEST'
OPTIONAL MATCH (service)-[deployment:RUNS_TASK_DEFINITION]->(definition:TaskDefinition)
WHERE deployment.primary = true
WITH service, toUpper(coalesce(head(collect(definition.operatingSystemFamily)), 'LINUX')) AS os,
     [part IN split(service.platformVersion, '.') | toInteger(part)] AS version
WITH service, os, version, os STARTS WITH 'WINDOWS' AS windows
WHERE (windows AND service.platformVersion <> '1.0.0')
   OR (NOT windows AND (size(version) < 2 OR version[0] IS NULL OR version[1] IS NULL
                        OR version[0] < 1 OR (version[0] = 1 AND version[1] < 4)))
RETURN service.id AS resourceId, service.name AS resourceName, service.scope AS scope,
       {platformVersion: service.platformVersion, operatingSystemFamily: os,
        minimum: CASE WHEN windows THEN '1.0.0' ELSE '1.4.0' END} AS evidence
