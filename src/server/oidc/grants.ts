// Remembered consent: oidc-provider's Grant rows, found by account and client rather than by the
// provider's own browser session, so consent given once is remembered for that account in any browser,
// listed on the signed-in page, and withdrawn from there (which also ends every token issued under it).
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import { toMillis } from '../storage/timestamps.js';
import { deleteEverythingOfGrant } from './adapter.js';

export interface StoredGrant {
  readonly grantId: string;
  readonly clientId: string;
  readonly scopes: string[];
  readonly grantedAt: Date;
}

/** The account's live grants, newest first; one per client (the newest) when `clientId` is not given. */
export async function findGrants(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  now: Date,
  clientId?: string,
): Promise<StoredGrant[]> {
  let query = db
    .selectFrom('oidc_payloads')
    .select(['id', 'client_id', 'payload'])
    .where('model', '=', 'Grant')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', toMillis(now))]));
  if (clientId !== undefined) query = query.where('client_id', '=', clientId);
  const rows = await query.execute();
  const grants = rows
    .map((row) => {
      const payload = JSON.parse(row.payload) as { iat?: number; openid?: { scope?: string } };
      return {
        grantId: row.id,
        clientId: row.client_id ?? '',
        scopes: (payload.openid?.scope ?? '').split(' ').filter(Boolean),
        grantedAt: new Date((payload.iat ?? 0) * 1000),
      };
    })
    .sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime());
  if (clientId !== undefined) return grants;
  const seen = new Set<string>();
  return grants.filter((grant) => !seen.has(grant.clientId) && seen.add(grant.clientId));
}

/** Withdraws consent: the client's grants for this account and every code and token issued under them. */
export async function withdrawGrants(db: Kysely<DatabaseSchema>, accountId: string, clientId: string, now: Date): Promise<number> {
  const grants = await findGrants(db, accountId, now, clientId);
  for (const grant of grants) await deleteEverythingOfGrant(db, grant.grantId);
  return grants.length;
}
