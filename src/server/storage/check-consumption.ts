// The writes of an ordinary sign-in (sign-in.ts): spend the check, record the sign-in on the account (or
// make the account, for a new number), start the session and write the audit event — and the read before
// them, the flow with the account that owns its number. On SQLite (in-process, where a statement costs no
// round trip) the writes run in the caller's transaction, the session by its grant; on PostgreSQL, where
// every statement and BEGIN and COMMIT is a network round trip, all of them are one statement.
import { sql, type ExpressionBuilder, type Kysely, type QueryCreator } from 'kysely';
import type { VerificationFlow } from '../flow-store.js';
import { AUDIT_EVENT_COLUMNS, auditEventArguments, auditEventFrom, recordAuditEvent, type AuditEventInput } from './audit-repository.js';
import { compiledOnce } from './compiled-once.js';
import { consumeFlowUpdate, toFlow } from './flow-repository.js';
import type { DatabaseSchema } from './schema.js';
import { toMillis } from './timestamps.js';
import { SESSION_COLUMNS, sessionArguments, type SessionRecord } from './session-repository.js';
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

/** In the caller's transaction (SQLite's way; also PostgreSQL's for a grant other than a session, a hand-off's). */
export async function consumeCheckForAccount(
  trx: Kysely<DatabaseSchema>,
  input: { checkId: string; at: Date; account: AccountForCheck; audit: AuditEventInput },
): Promise<Consumption> {
  const at = toMillis(input.at);
  if (((await consumeQuery(trx, input.checkId, at)).numAffectedRows ?? 0n) === 0n) return 'already_used';
  const signed =
    'existing' in input.account
      ? await signInIfUnchangedQuery(trx, at, input.account.existing.id, nullableMillis(input.account.existing.lastSignInAt))
      : await createIfNumberFreeQuery(trx, input.account.new.id, input.account.new.phoneNumber, at);
  if ((signed.numAffectedRows ?? 0n) === 0n) return 'account_changed';
  await recordAuditEvent(trx, input.audit);
  return 'signed_in';
}

/**
 * PostgreSQL only, outside any transaction: everything consumeCheckForAccount does, plus the new session
 * (and the end of the browser's previous one, when `endTokenHash` names it), as one statement — atomic by
 * itself, one round trip instead of six (BEGIN, three writes, the session, COMMIT).
 *
 * One statement cannot roll back half of itself, so no write in it may fail after another succeeded.
 * Each one is made to depend on the row the one before it returned, and the first one that could find
 * nothing is a locking read that decides before anything is written: for a known account, the account
 * row as the verdict saw it (FOR UPDATE: a racing sign-in waits, then finds it changed); for a new number,
 * the unspent flow (FOR UPDATE: a racing sign-in with the same check waits, then finds it spent) and
 * then the account's INSERT, which finds the number taken or not before the check is spent. Locks are
 * taken flow before account, as in consumeCheckForAccount, so no two sign-ins wait on each other.
 */
export async function signInInOneStatement(
  db: Kysely<DatabaseSchema>,
  input: { checkId: string; at: Date; account: AccountForCheck; audit: AuditEventInput; session: SessionRecord; endTokenHash: string | null },
): Promise<Consumption> {
  const at = toMillis(input.at);
  const tail = [...sessionArguments(input.session), ...auditEventArguments(input.audit)];
  if ('existing' in input.account) {
    const { existing } = input.account;
    const [row] = (await signInExistingQuery(db, input.checkId, at, existing.id, nullableMillis(existing.lastSignInAt), input.endTokenHash, ...tail)).rows;
    if (!row || Number(row.account) === 0) return 'account_changed';
    return Number(row.signed) === 0 ? 'already_used' : 'signed_in';
  }
  const [row] = (await signInNewQuery(db, input.checkId, at, input.account.new.id, input.account.new.phoneNumber, input.endTokenHash, ...tail)).rows;
  if (!row || Number(row.unspent) === 0) return 'already_used';
  return Number(row.signed) === 0 ? 'account_changed' : 'signed_in';
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

// PostgreSQL (signInInOneStatement). The tail of both: end the previous session, start the new one and
// write the audit event, each only for the row `from` returned (the account signed in).
function sessionAndAudit(db: object, endTokenHash: unknown, tail: readonly unknown[]) {
  const session = tail.slice(0, SESSION_COLUMNS.length);
  const audit = tail.slice(SESSION_COLUMNS.length);
  const untyped = db as unknown as QueryCreator<DatabaseSchema>;
  return untyped
    .with('ended', (db) => db.deleteFrom('sessions').where('token_hash', '=', endTokenHash as string).where(sql<boolean>`exists (select 1 from signed)`))
    .with('started', (db) =>
      db
        .insertInto('sessions')
        .columns(SESSION_COLUMNS)
        .expression((eb) => (eb as unknown as ExpressionBuilder<Record<string, Record<string, unknown>>, never>).selectFrom('signed').select(SESSION_COLUMNS.map((column, i) => eb.val(session[i]).as(column))) as never)
        .returning('sessions.user_id'),
    )
    .with('audited', (db) => db.insertInto('audit_events').columns(AUDIT_EVENT_COLUMNS).expression(auditEventFrom('started', audit)).returning('audit_events.id'));
}

const signInExistingQuery = compiledOnce(
  (db: Kysely<DatabaseSchema>, checkId: string, at: number, userId: string, seenLastSignInAt: number | null, endTokenHash: unknown, ...tail: unknown[]) =>
    sessionAndAudit(
      db
        .with('account', (db) =>
          db.selectFrom('users').select('users.id').where('users.id', '=', userId).where('retired_at', 'is', null).where('last_sign_in_at', 'is not distinct from', seenLastSignInAt).forUpdate(),
        )
        .with('consumed', (db) => consumeFlowUpdate(db as unknown as QueryCreator<DatabaseSchema>, checkId, at).where(sql<boolean>`exists (select 1 from account)`).returning('check_id'))
        .with('signed', (db) =>
          db.updateTable('users').set({ last_sign_in_at: at }).where('users.id', 'in', (eb) => eb.selectFrom('account').select('account.id')).where(sql<boolean>`exists (select 1 from consumed)`).returning('users.id'),
        ),
      endTokenHash,
      tail,
    ).selectNoFrom((eb) => [count(eb, 'account').as('account'), count(eb, 'audited').as('signed')]),
);

const signInNewQuery = compiledOnce(
  (db: Kysely<DatabaseSchema>, checkId: string, at: number, userId: string, phoneNumber: string, endTokenHash: unknown, ...tail: unknown[]) =>
    sessionAndAudit(
      db
        .with('flow', (db) =>
          db.selectFrom('verification_flows').select('check_id').where('check_id', '=', checkId).where('status', '=', 'completed').where('match', '=', 1).where('consumed_at', 'is', null).forUpdate(),
        )
        .with('created', (db) =>
          db
            .insertInto('users')
            .columns(['id', 'phone_e164', 'created_at', 'last_sign_in_at'])
            .expression((eb) => eb.selectFrom('flow').select([eb.val(userId).as('id'), eb.val(phoneNumber).as('phone_e164'), eb.val(at).as('created_at'), eb.val(at).as('last_sign_in_at')]))
            .onConflict((oc) => oc.column('phone_e164').where('retired_at', 'is', null).doNothing())
            .returning('users.id'),
        )
        .with('signed', (db) =>
          db
            .updateTable('verification_flows')
            .set({ consumed_at: at })
            .where('check_id', 'in', (eb) => eb.selectFrom('flow').select('flow.check_id'))
            .where(sql<boolean>`exists (select 1 from created)`)
            .returning('verification_flows.check_id'),
        ),
      endTokenHash,
      tail,
    ).selectNoFrom((eb) => [count(eb, 'flow').as('unspent'), count(eb, 'audited').as('signed')]),
);

/** `(select count(*) from <name>)`, for a statement's closing SELECT. */
function count<E extends ExpressionBuilder<never, never>>(eb: E, name: string) {
  return (eb as unknown as ExpressionBuilder<Record<string, Record<string, unknown>>, never>).selectFrom(name).select((eb) => eb.fn.countAll<number>().as('n'));
}
