// The writes of an ordinary sign-in (sign-in.ts): spend the check, record the sign-in on the account (or
// make the account, for a new number) and write the audit event — and the read before them, the flow with
// the account that owns its number. On PostgreSQL each is one statement, a round trip each; on SQLite
// (in-process) the writes are three statements, in the caller's transaction.
import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { VerificationFlow } from '../flow-store.js';
import { AUDIT_EVENT_COLUMNS, auditEventArguments, auditEventFrom, recordAuditEvent, type AuditEventInput } from './audit-repository.js';
import { compiledOnce } from './compiled-once.js';
import { isPostgres } from './dialect-of.js';
import { consumeFlowUpdate, toFlow } from './flow-repository.js';
import type { DatabaseSchema } from './schema.js';
import { toMillis } from './timestamps.js';
import { toUser, type UserRecord } from './user-repository.js';

/** The flow, and the active account on its number (if any), in one read. */
export async function findFlowWithAccount(
  db: Kysely<DatabaseSchema>,
  checkId: string,
): Promise<{ flow: VerificationFlow; account: UserRecord | undefined } | undefined> {
  const [row] = (await flowWithAccountQuery(db, checkId)).rows;
  if (!row) return undefined;
  const { account_id: id, account_created_at, account_last_sign_in_at, ...flow } = row;
  const account =
    id === null || account_created_at === null ? undefined : toUser({ id, phone_e164: flow.phone_e164, created_at: account_created_at, last_sign_in_at: account_last_sign_in_at });
  return { flow: toFlow(flow), account };
}

const flowWithAccountQuery = compiledOnce((db: Kysely<DatabaseSchema>, checkId: string) =>
  db
    .selectFrom('verification_flows')
    .leftJoin('users', (join) => join.onRef('users.phone_e164', '=', 'verification_flows.phone_e164').on('users.retired_at', 'is', null))
    .selectAll('verification_flows')
    .select(['users.id as account_id', 'users.created_at as account_created_at', 'users.last_sign_in_at as account_last_sign_in_at'])
    .where('verification_flows.check_id', '=', checkId),
);

/**
 * The account a check signs into: the one read before the sign-in's verdict (it must be unchanged: not
 * retired, not signed into since, which `lastSignInAt` tells), or a new one for a number that had none
 * (the number must still have none).
 */
export type AccountForCheck = { existing: UserRecord } | { new: { id: string; phoneNumber: string } };

/**
 * `signed_in`: the check is spent, the sign-in recorded on the account (made, for a new number) and
 * `audit` written. Otherwise the check was spent already, or the account is no longer the one the
 * verdict was about; then the caller must roll its transaction back (SQLite may have written a part).
 */
export type Consumption = 'signed_in' | 'already_used' | 'account_changed';

export async function consumeCheckForAccount(
  trx: Kysely<DatabaseSchema>,
  input: { checkId: string; at: Date; account: AccountForCheck; audit: AuditEventInput },
): Promise<Consumption> {
  const at = toMillis(input.at);
  const audit = auditEventArguments(input.audit);
  if (isPostgres(trx)) {
    const [row] = (
      'existing' in input.account
        ? await consumeIntoExistingQuery(trx, input.checkId, at, input.account.existing.id, nullableMillis(input.account.existing.lastSignInAt), ...audit)
        : await consumeIntoNewQuery(trx, input.checkId, at, input.account.new.id, input.account.new.phoneNumber, ...audit)
    ).rows;
    if (!row || Number(row.consumed) === 0) return 'already_used';
    return Number(row.signed) === 0 ? 'account_changed' : 'signed_in';
  }
  if (((await consumeQuery(trx, input.checkId, at)).numAffectedRows ?? 0n) === 0n) return 'already_used';
  const signed =
    'existing' in input.account
      ? await signInIfUnchangedQuery(trx, at, input.account.existing.id, nullableMillis(input.account.existing.lastSignInAt))
      : await createIfNumberFreeQuery(trx, input.account.new.id, input.account.new.phoneNumber, at);
  if ((signed.numAffectedRows ?? 0n) === 0n) return 'account_changed';
  await recordAuditEvent(trx, input.audit);
  return 'signed_in';
}

const nullableMillis = (date: Date | null): number | null => (date === null ? null : toMillis(date));

const consumeQuery = compiledOnce(consumeFlowUpdate);

// The sign-in on an existing account, only while it is as the verdict saw it: active, and its last sign-in
// unchanged (a sign-in in between, from another check, would have moved it). A compare-and-set: under
// PostgreSQL's row lock a second, racing one re-reads the row and finds it changed.
const signInIfUnchanged = (db: QueryCreator<DatabaseSchema>, at: number, userId: string, seenLastSignInAt: number | null) =>
  db
    .updateTable('users')
    .set({ last_sign_in_at: at })
    .where('id', '=', userId)
    .where('retired_at', 'is', null)
    .where('last_sign_in_at', 'is not distinct from', seenLastSignInAt);

const signInIfUnchangedQuery = compiledOnce(signInIfUnchanged);

// A new number's account; the partial unique index (active accounts) arbitrates two racing sign-ups, and
// the loser inserts nothing (then decides again, about the account that won).
const createIfNumberFreeQuery = compiledOnce((db: Kysely<DatabaseSchema>, userId: string, phoneNumber: string, at: number) =>
  db
    .insertInto('users')
    .values({ id: userId, phone_e164: phoneNumber, created_at: at, last_sign_in_at: at })
    .onConflict((oc) => oc.column('phone_e164').where('retired_at', 'is', null).doNothing()),
);

// PostgreSQL: the three writes as one statement. Each data-modifying WITH runs only on the row the one
// before it returned, so the account is touched only when the check was spent here and the audit row is
// written only when both happened; the counts say which part found nothing (the caller then rolls back).
const consumeIntoExistingQuery = compiledOnce(
  (db: Kysely<DatabaseSchema>, checkId: string, at: number, userId: string, seenLastSignInAt: number | null, ...audit: unknown[]) =>
    db
      .with('consumed', (db) => consumeFlowUpdate(db, checkId, at).returning('check_id'))
      .with('signed', (db) =>
        // Typed as a plain handle: the update names no WITH query but through the raw EXISTS below.
        signInIfUnchanged(db as unknown as QueryCreator<DatabaseSchema>, at, userId, seenLastSignInAt)
          .where(sql<boolean>`exists (select 1 from consumed)`)
          .returning('users.id'),
      )
      .with('audited', (db) => db.insertInto('audit_events').columns(AUDIT_EVENT_COLUMNS).expression(auditEventFrom('signed', audit)).returning('audit_events.id'))
      .selectNoFrom((eb) => [
        eb.selectFrom('consumed').select(eb.fn.countAll<number>().as('n')).as('consumed'),
        eb.selectFrom('audited').select(eb.fn.countAll<number>().as('n')).as('signed'),
      ]),
);

const consumeIntoNewQuery = compiledOnce(
  (db: Kysely<DatabaseSchema>, checkId: string, at: number, userId: string, phoneNumber: string, ...audit: unknown[]) =>
    db
      .with('consumed', (db) => consumeFlowUpdate(db, checkId, at).returning('check_id'))
      .with('signed', (db) =>
        db
          .insertInto('users')
          .columns(['id', 'phone_e164', 'created_at', 'last_sign_in_at'])
          .expression((eb) => eb.selectFrom('consumed').select([eb.val(userId).as('id'), eb.val(phoneNumber).as('phone_e164'), eb.val(at).as('created_at'), eb.val(at).as('last_sign_in_at')]))
          .onConflict((oc) => oc.column('phone_e164').where('retired_at', 'is', null).doNothing())
          .returning('users.id'),
      )
      .with('audited', (db) => db.insertInto('audit_events').columns(AUDIT_EVENT_COLUMNS).expression(auditEventFrom('signed', audit)).returning('audit_events.id'))
      .selectNoFrom((eb) => [
        eb.selectFrom('consumed').select(eb.fn.countAll<number>().as('n')).as('consumed'),
        eb.selectFrom('audited').select(eb.fn.countAll<number>().as('n')).as('signed'),
      ]),
);
