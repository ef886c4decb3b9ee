// Hand-off from a desktop to a phone (src/server/handoff/): one row per "Use your phone". Every secret
// is stored as its SHA-256 only — the desktop's cookie, the link's token, the phone's cookie — so a
// leaked row can neither be replayed as a link nor claim the desktop's session.
import { sql, type Kysely } from 'kysely';

const MILLIS = 'bigint';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('desktop_token_hash', 'text', (c) => c.notNull().unique().check(sql`length(desktop_token_hash) = 64`))
    .addColumn('link_token_hash', 'text', (c) => c.notNull().unique().check(sql`length(link_token_hash) = 64`))
    // Set once, by the first phone that opens the link: the race between two phones is decided here.
    .addColumn('phone_token_hash', 'text', (c) => c.unique().check(sql`length(phone_token_hash) = 64`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('waiting', 'opened', 'approved', 'signed_in', 'cancelled', 'refused')`),
    )
    .addColumn('refusal', 'text')
    .addColumn('match_code', 'text', (c) => c.notNull())
    /** The codes the phone chooses among, comma-separated, the right one included. */
    .addColumn('code_choices', 'text', (c) => c.notNull())
    /** E.164, when the desktop typed a number: the phone must prove that one. */
    .addColumn('phone_e164', 'text')
    /** "Chrome on Windows": what the phone shows about where the sign-in will happen. */
    .addColumn('desktop_summary', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('account_created', 'integer', (c) => c.check(sql`account_created in (0, 1)`))
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('expires_at', MILLIS, (c) => c.notNull())
    .addColumn('opened_at', MILLIS)
    .addColumn('approved_at', MILLIS)
    .addColumn('finished_at', MILLIS)
    .execute();
  // Housekeeping deletes hand-offs by expiry.
  await db.schema.createIndex('handoffs_expires_at').on('handoffs').column('expires_at').execute();
}
