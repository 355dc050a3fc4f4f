// id: aca-plaintext-secrets
// title: Azure Container Apps should keep secrets in Key Vault rather than in the app or plain environment variables
// severity: Medium
// platform: ACA
// resourceType: ContainerApp
// source: extended
// description: The container app stores secret values in its own configuration (secrets without keyVaultUrl), or a
//   container sets a plain-text environment variable whose name or value looks like a credential.
// remediation: Reference secrets from Key Vault (configuration.secrets[].keyVaultUrl with a managed identity) and pass
//   them to containers with secretRef; never put credentials in env[].value.

MATCH (app:ContainerApp)
WITH app,
     [name IN coalesce(app.secretNames, []) WHERE NOT name IN coalesce(app.secretKeyVaultNames, [])] AS appStoredSecrets,
     [(app)-[:HAS_CONTAINER]->(container:Container) WHERE size(coalesce(container.envCredentialLikeNames, [])) > 0 |
        {container: container.name, variables: container.envCredentialLikeNames}] AS plainCredentials
WHERE size(appStoredSecrets) > 0 OR size(plainCredentials) > 0
RETURN app.id AS resourceId, app.name AS resourceName, app.scope AS scope,
       {appStoredSecrets: appStoredSecrets, plainTextCredentials: plainCredentials} AS evidence
