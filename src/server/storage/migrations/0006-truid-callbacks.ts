// tru.ID's signed check callbacks (src/server/truid-callbacks/): a receipt per signed message received,
// kept while its Date could still pass the clock-skew bound, so the same message arriving again is
// refused as a replay. Named 0006: 0005 belongs to the OpenID Connect provider; Kysely runs migrations in
// name order and a gap in the numbers is fine.
import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../schema.js';

const MILLIS = 'bigint';

export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('truid_callback_receipts')
    // SHA-256 hex of the signature: unique per signed message (the signature covers Date and Digest).
    .addColumn('signature_hash', 'text', (c) => c.primaryKey().check(sql`length(signature_hash) = 64`))
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', MILLIS, (c) => c.notNull())
    .addColumn('expires_at', MILLIS, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('truid_callback_receipts_expires_at').on('truid_callback_receipts').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('truid_callback_receipts').execute();
}
