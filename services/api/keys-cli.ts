/**
 * `npm run api-key -- <command>`: manage API keys without a running API (operators, provisioning scripts).
 * Works on `<SAP_DATA_DIR or .data>/api-keys.json`, the file the API reads (it notices changes at once).
 *
 *   create --name ci --role reader     prints the new key on stdout (the only time it is shown), the id on stderr
 *   list                               id, role, creation time and name of every key (never the key or its hash)
 *   revoke <id>                        removes the key; exit code 1 when there is no such key
 *
 * `--data-dir DIR` overrides SAP_DATA_DIR.
 */
import { resolve } from 'node:path';
import type { Role } from './config.js';
import { createApiKey, listApiKeys, revokeApiKey } from './keys.js';

const USAGE = 'usage: api-key create --name NAME --role reader|admin | list | revoke ID   [--data-dir DIR]';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
  args.splice(index, 2);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const dataDir = resolve(option(args, '--data-dir') ?? process.env.SAP_DATA_DIR ?? '.data');
  const command = args.shift();
  if (command === 'create') {
    const name = option(args, '--name')?.trim();
    const role = option(args, '--role');
    if (!name) throw new Error(`create needs --name\n${USAGE}`);
    if (role !== 'reader' && role !== 'admin') throw new Error(`--role must be reader or admin\n${USAGE}`);
    if (args.length) throw new Error(`unexpected arguments: ${args.join(' ')}\n${USAGE}`);
    const created = await createApiKey(dataDir, name, role satisfies Role);
    process.stderr.write(`created ${role} key ${created.id} (${name}) in ${dataDir}; it is shown once:\n`);
    process.stdout.write(`${created.key}\n`);
    return 0;
  }
  if (command === 'list') {
    for (const key of await listApiKeys(dataDir)) process.stdout.write(`${key.id}\t${key.role}\t${key.createdAt}\t${key.name}\n`);
    return 0;
  }
  if (command === 'revoke') {
    const id = args.shift();
    if (!id || args.length) throw new Error(`revoke needs exactly one key id\n${USAGE}`);
    if (!(await revokeApiKey(dataDir, id))) {
      process.stderr.write(`no API key ${id} in ${dataDir}\n`);
      return 1;
    }
    process.stderr.write(`revoked ${id}\n`);
    return 0;
  }
  throw new Error(USAGE);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
