// oidc-provider's storage port over our Kysely database: every model (authorization codes, tokens,
// grants, sessions, interactions) is one row of `oidc_payloads`, so a restart or a second instance
// on the same database sees what the first stored. The library's in-memory default would lose all
// of it. Expiry is judged on our clock, the one the rest of the server uses.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import { toMillis } from '../storage/timestamps.js';

export type AdapterFactory = new (model: string) => Adapter;

export function kyselyAdapter(db: Kysely<DatabaseSchema>, clock: () => Date): AdapterFactory {
  return class KyselyAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        account_id: payload.accountId ?? null,
        client_id: payload.clientId ?? null,
        expires_at: expiresIn ? toMillis(clock()) + expiresIn * 1000 : null,
      };
      await db
        .insertInto('oidc_payloads')
        .values({ model: this.model, id, consumed_at: null, created_at: toMillis(clock()), ...row })
        .onConflict((conflict) => conflict.columns(['model', 'id']).doUpdateSet(row))
        .execute();
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('id', id);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('uid', uid);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable('oidc_payloads')
        .set({ consumed_at: toMillis(clock()) })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('grant_id', '=', grantId).execute();
    }

    private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('oidc_payloads')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row) return undefined;
      // An expired row is gone as far as the provider is concerned (housekeeping deletes it later).
      if (row.expires_at !== null && Number(row.expires_at) <= toMillis(clock())) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      // oidc-provider reads `consumed` (seconds) to refuse a replayed authorization code.
      return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(Number(row.consumed_at) / 1000) };
    }
  };
}

/** Every grant (remembered consent) model, and every artefact issued under a grant, is deleted by this. */
export async function deleteEverythingOfGrant(db: Kysely<DatabaseSchema>, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where((eb) => eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])])).execute();
}

/** When an interaction (by uid, which is its id) was first stored, on our clock; undefined when unknown. */
export async function interactionStartedAt(db: Kysely<DatabaseSchema>, uid: string): Promise<Date | undefined> {
  const row = await db.selectFrom('oidc_payloads').select('created_at').where('model', '=', 'Interaction').where('id', '=', uid).executeTakeFirst();
  return row ? new Date(Number(row.created_at)) : undefined;
}

/** Housekeeping: rows whose expiry passed. */
export async function deleteExpiredOidcPayloads(db: Kysely<DatabaseSchema>, now: Date): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<=', toMillis(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
