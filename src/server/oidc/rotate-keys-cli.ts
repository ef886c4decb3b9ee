// `npm run oidc:rotate-keys`: adds a new generation of the provider's keys (an RS256 and an ES256
// signing key and a cookie secret) to the database the server uses (DATABASE_URL, else DATABASE_FILE).
// Restart every instance afterwards: the newest generation then signs, and older ones stay in the
// JWKS, so tokens already issued still verify. `npm run oidc:rotate-keys -- --remove-old`, once the
// old tokens have expired (an hour; longer if a key may have leaked: then at once), removes every
// generation but the newest; restart again.
import { fileURLToPath } from 'node:url';
import { loadServerConfig } from '../config.js';
import { openDatabase } from '../storage/database.js';
import { removeOldProviderKeys, rotateProviderKeys } from './provider-keys.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function main(): Promise<void> {
  const removeOld = process.argv.includes('--remove-old');
  const config = loadServerConfig(process.env, { webRoot: `${repoRoot}dist/web`, databaseFile: `${repoRoot}data/simpass.db` });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.databaseFile,
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
  });
  try {
    if (removeOld) {
      const removed = await removeOldProviderKeys(database.db);
      console.log(`Removed ${removed} old key(s); only the newest generation is left. Restart every instance.`);
    } else {
      const generation = await rotateProviderKeys(database.db, () => new Date());
      console.log(
        `Key generation ${generation} added: it signs once the instances restart; older keys stay published for verification until "npm run oidc:rotate-keys -- --remove-old".`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
