// The provider's keys, generated once and kept in the database so every instance and every restart
// signs with the same ones: an RS256 and an ES256 signing key (RS256 is what every OpenID Connect
// client must accept; ES256 for clients that ask for it), and a secret for oidc-provider's cookies.
// Rotation adds a newer generation: the newest signs, older generations stay published in the JWKS
// (and keep verifying cookies) until removed, so tokens already issued still verify.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { JWK } from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import { toMillis } from '../storage/timestamps.js';

export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;
const COOKIE_ALG = 'cookie';

export interface ProviderKeys {
  /** Private JWKs, newest generation first (oidc-provider signs with the first key of an algorithm). */
  readonly jwks: { keys: JWK[] };
  /** Cookie secrets, newest first (the first signs, every one verifies). */
  readonly cookieKeys: string[];
}

/** Creates generation 1 when the database has no keys yet; returns every stored key. */
export async function loadProviderKeys(db: Kysely<DatabaseSchema>, clock: () => Date): Promise<ProviderKeys> {
  const any = await db.selectFrom('oidc_keys').select('kid').limit(1).executeTakeFirst();
  if (!any) await insertGeneration(db, 1, clock());
  return readProviderKeys(db);
}

/** `npm run oidc:rotate-keys`: a new generation becomes current; returns its number. */
export async function rotateProviderKeys(db: Kysely<DatabaseSchema>, clock: () => Date): Promise<number> {
  const row = await db.selectFrom('oidc_keys').select((eb) => eb.fn.max('generation').as('latest')).executeTakeFirst();
  const next = Number(row?.latest ?? 0) + 1;
  await insertGeneration(db, next, clock());
  return next;
}

/** `npm run oidc:rotate-keys -- --remove-old`: keeps only the newest generation; returns how many keys went. */
export async function removeOldProviderKeys(db: Kysely<DatabaseSchema>): Promise<number> {
  const row = await db.selectFrom('oidc_keys').select((eb) => eb.fn.max('generation').as('latest')).executeTakeFirst();
  if (row?.latest === null || row?.latest === undefined) return 0;
  const result = await db.deleteFrom('oidc_keys').where('generation', '<', Number(row.latest)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

async function insertGeneration(db: Kysely<DatabaseSchema>, generation: number, now: Date): Promise<void> {
  const rows = [
    ...SIGNING_ALGORITHMS.map((alg) => {
      const jwk = newSigningJwk(alg);
      return { kind: 'signing' as const, generation, kid: jwk.kid!, alg, material: JSON.stringify(jwk), created_at: toMillis(now) };
    }),
    { kind: 'cookie' as const, generation, kid: randomUUID(), alg: COOKIE_ALG, material: randomBytes(32).toString('base64url'), created_at: toMillis(now) },
  ];
  // Two instances creating the same generation at once: the unique (kind, alg, generation) index lets one win.
  await db
    .insertInto('oidc_keys')
    .values(rows)
    .onConflict((conflict) => conflict.columns(['kind', 'alg', 'generation']).doNothing())
    .execute();
}

async function readProviderKeys(db: Kysely<DatabaseSchema>): Promise<ProviderKeys> {
  const rows = await db.selectFrom('oidc_keys').selectAll().orderBy('generation', 'desc').orderBy('kid').execute();
  return {
    jwks: { keys: rows.filter((row) => row.kind === 'signing').map((row) => JSON.parse(row.material) as JWK) },
    cookieKeys: rows.filter((row) => row.kind === 'cookie').map((row) => row.material),
  };
}

function newSigningJwk(alg: (typeof SIGNING_ALGORITHMS)[number]): JWK {
  const { privateKey } =
    alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: randomUUID(), alg, use: 'sig' };
}
