import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { VerificationFlow } from '../flow-store.js';
import { listAuditEvents } from './audit-repository.js';
import { consumeCheckForAccount, findFlowWithAccount, signInInOneStatement, type AccountForCheck, type Consumption } from './check-consumption.js';
import { createDbFlowStore } from './flow-repository.js';
import type { DatabaseSchema } from './schema.js';
import { findSessionByTokenHash, insertSession, type SessionRecord } from './session-repository.js';
import { describeOnEachDatabase } from './test-databases.js';
import { findActiveUserByPhone, findOrCreateUserByPhone, recordSignIn, retireUser, type UserRecord } from './user-repository.js';

const AT = new Date('2025-06-01T12:00:00.321Z');
const LATER = new Date(AT.getTime() + 60_000);
let nextNumber = 900_400;
const freshPhone = () => `+447700${nextNumber++}`;

/** A completed, matched, unspent check for `phone`. */
async function verifiedCheck(db: Kysely<DatabaseSchema>, phone: string): Promise<VerificationFlow> {
  const flow: VerificationFlow = {
    checkId: `c_${randomUUID()}`,
    flowTokenHash: 'b'.repeat(64),
    phoneNumber: phone,
    status: 'pending',
    match: null,
    failureReason: null,
    createdAt: AT,
    expiresAt: new Date(AT.getTime() + 600_000),
    finishedAt: null,
  };
  const flows = createDbFlowStore(db);
  await flows.insert(flow);
  await flows.finish(flow.checkId, { status: 'completed', match: true }, AT);
  return (await flows.findByCheckId(flow.checkId))!;
}

/** As sign-in.ts runs it: in a transaction, rolled back unless the check signed in. */
async function consume(db: Kysely<DatabaseSchema>, flow: VerificationFlow, account: AccountForCheck, at = LATER): Promise<Consumption> {
  const userId = 'existing' in account ? account.existing.id : account.new.id;
  return db
    .transaction()
    .execute(async (trx) => {
      const result = await consumeCheckForAccount(trx, { checkId: flow.checkId, at, account, audit: { event: 'account.signed_in', at, userId, checkId: flow.checkId } });
      if (result !== 'signed_in') throw new RolledBack(result);
      return result;
    })
    .catch((error: unknown) => {
      if (error instanceof RolledBack) return error.result;
      throw error;
    });
}

class RolledBack extends Error {
  constructor(readonly result: Consumption) {
    super(result);
  }
}

const eventsOf = async (db: Kysely<DatabaseSchema>, flow: VerificationFlow) => (await listAuditEvents(db, { checkId: flow.checkId, limit: 10 })).map((e) => e.event);
const consumedAt = async (db: Kysely<DatabaseSchema>, flow: VerificationFlow) => (await createDbFlowStore(db).findByCheckId(flow.checkId))?.consumedAt ?? null;

describeOnEachDatabase('check consumption (sign-in writes)', (t) => {
  // PostgreSQL: half the racers on a second pool, as from a second server. Not SQLite: two handles in one
  // process would wait on each other's write lock synchronously, on the one event loop; its writers are
  // serialised by BEGIN IMMEDIATE anyway.
  const secondHandle = async () => (t.dialect === 'postgres' ? await t.open() : { db: t.db, close: () => Promise.resolve() });

  it('reads the flow with the active account on its number, or none', async () => {
    const phone = freshPhone();
    const flow = await verifiedCheck(t.db, phone);
    expect(await findFlowWithAccount(t.db, flow.checkId)).toEqual({ flow, account: undefined });
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    expect(await findFlowWithAccount(t.db, flow.checkId)).toEqual({ flow, account: user });
    await retireUser(t.db, user.id, AT);
    expect(await findFlowWithAccount(t.db, flow.checkId)).toEqual({ flow, account: undefined });
    expect(await findFlowWithAccount(t.db, 'c_unknown')).toBeUndefined();
  });

  it('spends the check, records the sign-in and its audit event; a second time finds it spent and writes nothing', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const flow = await verifiedCheck(t.db, phone);
    expect(await consume(t.db, flow, { existing: user })).toBe('signed_in');
    expect(await consumedAt(t.db, flow)).toEqual(LATER);
    expect((await findActiveUserByPhone(t.db, phone))?.lastSignInAt).toEqual(LATER);
    expect(await eventsOf(t.db, flow)).toEqual(['account.signed_in']);

    const again = new Date(LATER.getTime() + 1000);
    expect(await consume(t.db, flow, { existing: { ...user, lastSignInAt: LATER } }, again)).toBe('already_used');
    expect(await consumedAt(t.db, flow)).toEqual(LATER);
    expect((await findActiveUserByPhone(t.db, phone))?.lastSignInAt).toEqual(LATER);
    expect(await eventsOf(t.db, flow)).toEqual(['account.signed_in']);
  });

  it('leaves the check unspent when the account is not as the verdict saw it: signed into since, or retired', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const flow = await verifiedCheck(t.db, phone);
    await recordSignIn(t.db, user.id, AT);
    // `user` was read before that sign-in (lastSignInAt null).
    expect(await consume(t.db, flow, { existing: user })).toBe('account_changed');
    expect(await consumedAt(t.db, flow)).toBeNull();
    expect(await eventsOf(t.db, flow)).toEqual([]);

    const current: UserRecord = { ...user, lastSignInAt: AT };
    await retireUser(t.db, user.id, AT);
    expect(await consume(t.db, flow, { existing: current })).toBe('account_changed');
    expect(await consumedAt(t.db, flow)).toBeNull();
  });

  it('makes the account of a new number, signed in; a number taken meanwhile leaves the check unspent', async () => {
    const phone = freshPhone();
    const flow = await verifiedCheck(t.db, phone);
    const id = randomUUID();
    expect(await consume(t.db, flow, { new: { id, phoneNumber: phone } })).toBe('signed_in');
    expect(await findActiveUserByPhone(t.db, phone)).toEqual({ id, phoneNumber: phone, createdAt: LATER, lastSignInAt: LATER });

    const second = await verifiedCheck(t.db, phone);
    expect(await consume(t.db, second, { new: { id: randomUUID(), phoneNumber: phone } })).toBe('account_changed');
    expect(await consumedAt(t.db, second)).toBeNull();
    expect((await findActiveUserByPhone(t.db, phone))?.id).toBe(id);
    expect(await eventsOf(t.db, second)).toEqual([]);
  });

  it('signs one of ten racing sign-ins into one account, each with a check of its own, as the verdicts saw it', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const flows = await Promise.all(Array.from({ length: 10 }, () => verifiedCheck(t.db, phone)));
    const other = await secondHandle();
    const results = await Promise.all(flows.map((flow, i) => consume(i % 2 ? other.db : t.db, flow, { existing: user })));
    expect(results.filter((r) => r === 'signed_in')).toHaveLength(1);
    expect(results.filter((r) => r === 'account_changed')).toHaveLength(9);
    const spent = await Promise.all(flows.map((flow) => consumedAt(t.db, flow)));
    expect(spent.filter((at) => at !== null)).toHaveLength(1);
    await other.close();
  });

  it('spends one check once when ten sign-ins with it race', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const flow = await verifiedCheck(t.db, phone);
    const other = await secondHandle();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => consume(i % 2 ? other.db : t.db, flow, { existing: user })));
    expect(results.filter((r) => r === 'signed_in')).toHaveLength(1);
    expect(await eventsOf(t.db, flow)).toEqual(['account.signed_in']);
    await other.close();
  });
});

/** A session row for `userId` with a random hash. */
function sessionFor(userId: string, at = LATER): SessionRecord {
  return { tokenHash: randomUUID().replaceAll('-', '').padEnd(64, '0'), userId, createdAt: at, expiresAt: new Date(at.getTime() + 3_600_000), lastSeenAt: at, ip: null, userAgent: null, amr: ['sim'] };
}

describeOnEachDatabase('sign-in in one statement (PostgreSQL)', (t) => {
  const oneStatement = (db: Kysely<DatabaseSchema>, flow: VerificationFlow, account: AccountForCheck, session: SessionRecord, endTokenHash: string | null = null) =>
    signInInOneStatement(db, {
      checkId: flow.checkId,
      at: LATER,
      account,
      audit: { event: 'account.signed_in', at: LATER, userId: session.userId, checkId: flow.checkId },
      session,
      endTokenHash,
    });
  // SQLite signs in inside a transaction (consumeCheckForAccount, above): these are skipped there.
  const onPostgres = it.skipIf(t.dialect !== 'postgres');
  const secondHandle = async () => (t.dialect === 'postgres' ? await t.open() : undefined);

  onPostgres('spends the check, signs in, starts the session, ends the previous one, writes the audit event; a second time nothing', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const previous = sessionFor(user.id, AT);
    await insertSession(t.db, previous);
    const flow = await verifiedCheck(t.db, phone);
    const session = sessionFor(user.id);
    expect(await oneStatement(t.db, flow, { existing: user }, session, previous.tokenHash)).toBe('signed_in');
    expect(await consumedAt(t.db, flow)).toEqual(LATER);
    expect((await findActiveUserByPhone(t.db, phone))?.lastSignInAt).toEqual(LATER);
    expect(await findSessionByTokenHash(t.db, session.tokenHash)).toEqual(session);
    expect(await findSessionByTokenHash(t.db, previous.tokenHash)).toBeUndefined();
    expect(await eventsOf(t.db, flow)).toEqual(['account.signed_in']);

    const again = sessionFor(user.id);
    expect(await oneStatement(t.db, flow, { existing: { ...user, lastSignInAt: LATER } }, again)).toBe('already_used');
    expect(await findSessionByTokenHash(t.db, again.tokenHash)).toBeUndefined();
    expect((await findActiveUserByPhone(t.db, phone))?.lastSignInAt).toEqual(LATER);
    expect(await eventsOf(t.db, flow)).toEqual(['account.signed_in']);
  });

  onPostgres('writes nothing, and leaves the check unspent, when the account changed since the verdict', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const flow = await verifiedCheck(t.db, phone);
    await recordSignIn(t.db, user.id, AT);
    const previous = sessionFor(user.id, AT);
    await insertSession(t.db, previous);
    const session = sessionFor(user.id);
    expect(await oneStatement(t.db, flow, { existing: user }, session, previous.tokenHash)).toBe('account_changed');
    expect(await consumedAt(t.db, flow)).toBeNull();
    expect(await findSessionByTokenHash(t.db, session.tokenHash)).toBeUndefined();
    expect(await findSessionByTokenHash(t.db, previous.tokenHash)).toEqual(previous);
    expect(await eventsOf(t.db, flow)).toEqual([]);
  });

  onPostgres("makes a new number's account; a number taken meanwhile writes nothing and leaves the check unspent", async () => {
    const phone = freshPhone();
    const flow = await verifiedCheck(t.db, phone);
    const id = randomUUID();
    expect(await oneStatement(t.db, flow, { new: { id, phoneNumber: phone } }, sessionFor(id))).toBe('signed_in');
    expect(await findActiveUserByPhone(t.db, phone)).toEqual({ id, phoneNumber: phone, createdAt: LATER, lastSignInAt: LATER });
    expect(await eventsOf(t.db, flow)).toEqual(['account.signed_in']);

    const second = await verifiedCheck(t.db, phone);
    const other = randomUUID();
    const session = sessionFor(other);
    expect(await oneStatement(t.db, second, { new: { id: other, phoneNumber: phone } }, session)).toBe('account_changed');
    expect(await consumedAt(t.db, second)).toBeNull();
    expect(await findSessionByTokenHash(t.db, session.tokenHash)).toBeUndefined();
    expect(await eventsOf(t.db, second)).toEqual([]);
    // Its check, spent already: nothing either.
    expect(await oneStatement(t.db, flow, { new: { id: other, phoneNumber: freshPhone() } }, session)).toBe('already_used');
  });

  onPostgres('signs in one of ten racing sign-ins to one account, each with its own check; the others change nothing', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const flows = await Promise.all(Array.from({ length: 10 }, () => verifiedCheck(t.db, phone)));
    const other = (await secondHandle())!;
    const sessions = flows.map(() => sessionFor(user.id));
    const results = await Promise.all(flows.map((flow, i) => oneStatement(i % 2 ? other.db : t.db, flow, { existing: user }, sessions[i]!)));
    expect(results.filter((r) => r === 'signed_in')).toHaveLength(1);
    expect(results.filter((r) => r === 'account_changed')).toHaveLength(9);
    const winner = results.indexOf('signed_in');
    const spent = await Promise.all(flows.map((flow) => consumedAt(t.db, flow)));
    expect(spent.map((at) => at !== null)).toEqual(flows.map((_, i) => i === winner));
    const started = await Promise.all(sessions.map((session) => findSessionByTokenHash(t.db, session.tokenHash)));
    expect(started.map((session) => session !== undefined)).toEqual(flows.map((_, i) => i === winner));
    await other.close();
  });

  onPostgres('spends one check once when ten sign-ins with it race, on an account or a new number', async () => {
    const other = (await secondHandle())!;
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    const flow = await verifiedCheck(t.db, phone);
    const known = await Promise.all(Array.from({ length: 10 }, (_, i) => oneStatement(i % 2 ? other.db : t.db, flow, { existing: user }, sessionFor(user.id))));
    expect(known.filter((r) => r === 'signed_in')).toHaveLength(1);
    expect(await eventsOf(t.db, flow)).toEqual(['account.signed_in']);

    const newPhone = freshPhone();
    const newFlow = await verifiedCheck(t.db, newPhone);
    const fresh = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const id = randomUUID();
        return oneStatement(i % 2 ? other.db : t.db, newFlow, { new: { id, phoneNumber: newPhone } }, sessionFor(id));
      }),
    );
    expect(fresh.filter((r) => r === 'signed_in')).toHaveLength(1);
    expect(await eventsOf(t.db, newFlow)).toEqual(['account.signed_in']);
    const sessions = await t.db.selectFrom('sessions').select('token_hash').where('user_id', '=', (await findActiveUserByPhone(t.db, newPhone))!.id).execute();
    expect(sessions).toHaveLength(1);
    await other.close();
  });
});
