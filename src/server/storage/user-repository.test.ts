import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from './test-databases.js';
import { deleteUser, findActiveUserByPhone, findOrCreateUserByPhone, findUserById, recordSignIn, retireUser } from './user-repository.js';

const AT = new Date('2025-06-01T12:00:00.987Z');
let nextNumber = 900_200;
/** A number no other test in the file uses (tests share the file's database). */
const freshPhone = () => `+447700${nextNumber++}`;

describeOnEachDatabase('users', (t) => {
  it('creates the account on the first sign-in of a number', async () => {
    const phone = freshPhone();
    const { user, created } = await findOrCreateUserByPhone(t.db, phone, AT);
    expect(created).toBe(true);
    expect(user).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, phoneNumber: phone, createdAt: AT, lastSignInAt: null });
    expect(await findUserById(t.db, user.id)).toEqual(user);
  });

  it('finds the same account on the next sign-in', async () => {
    const phone = freshPhone();
    const first = await findOrCreateUserByPhone(t.db, phone, AT);
    const second = await findOrCreateUserByPhone(t.db, phone, new Date(AT.getTime() + 60_000));
    expect(second).toEqual({ user: first.user, created: false });
  });

  it('creates one account when ten sign-ups of one number race', async () => {
    const phone = freshPhone();
    const results = await Promise.all(Array.from({ length: 10 }, () => findOrCreateUserByPhone(t.db, phone, AT)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
  });

  it('creates one account when sign-ups race on two handles, as from two servers', async () => {
    const other = await t.open();
    const phone = freshPhone();
    const results = await Promise.all([t.db, other.db, t.db, other.db].map((db) => findOrCreateUserByPhone(db, phone, AT)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
    await other.close();
  });

  it('refuses a second row with the same number', async () => {
    const phone = freshPhone();
    await findOrCreateUserByPhone(t.db, phone, AT);
    await expect(
      t.db.insertInto('users').values({ id: randomUUID(), phone_e164: phone, created_at: 0, last_sign_in_at: null }).execute(),
    ).rejects.toThrow(/unique/i);
  });

  it('retires an account once: its row stays, the number is free for a new account, nothing finds the old one', async () => {
    const phone = freshPhone();
    const { user: old } = await findOrCreateUserByPhone(t.db, phone, AT);
    const later = new Date(AT.getTime() + 86_400_000);
    const retirements = await Promise.all([retireUser(t.db, old.id, later), retireUser(t.db, old.id, later)]);
    expect(retirements.filter(Boolean)).toHaveLength(1);
    expect(await findUserById(t.db, old.id)).toBeUndefined();
    expect(await findActiveUserByPhone(t.db, phone)).toBeUndefined();
    expect(await recordSignIn(t.db, old.id, later)).toBe(false);

    const { user: fresh, created } = await findOrCreateUserByPhone(t.db, phone, later);
    expect(created).toBe(true);
    expect(fresh.id).not.toBe(old.id);
    expect(await findActiveUserByPhone(t.db, phone)).toEqual(fresh);
    // The old row, untouched but for its retirement.
    const row = await t.db.selectFrom('users').selectAll().where('id', '=', old.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ phone_e164: phone, created_at: AT.getTime(), retired_at: later.getTime() });
  });

  it('still refuses a second active account on one number after a retirement', async () => {
    const phone = freshPhone();
    const { user } = await findOrCreateUserByPhone(t.db, phone, AT);
    await retireUser(t.db, user.id, AT);
    await findOrCreateUserByPhone(t.db, phone, AT);
    await expect(
      t.db.insertInto('users').values({ id: randomUUID(), phone_e164: phone, created_at: 0, last_sign_in_at: null }).execute(),
    ).rejects.toThrow(/unique/i);
  });

  it('refuses a number that is not normalised E.164', async () => {
    await expect(findOrCreateUserByPhone(t.db, '07700 900001', AT)).rejects.toThrow(TypeError);
    await expect(findOrCreateUserByPhone(t.db, '447700900001', AT)).rejects.toThrow(TypeError);
  });

  it('records the time of each sign-in', async () => {
    const { user } = await findOrCreateUserByPhone(t.db, freshPhone(), AT);
    const signedIn = new Date('2099-12-31T23:59:59.999Z');
    expect(await recordSignIn(t.db, user.id, signedIn)).toBe(true);
    expect(await findUserById(t.db, user.id)).toEqual({ ...user, lastSignInAt: signedIn });
  });

  it('says so when the account is gone', async () => {
    expect(await findUserById(t.db, randomUUID())).toBeUndefined();
    expect(await recordSignIn(t.db, randomUUID(), AT)).toBe(false);
    const { user } = await findOrCreateUserByPhone(t.db, freshPhone(), AT);
    expect(await deleteUser(t.db, user.id)).toBe(true);
    expect(await deleteUser(t.db, user.id)).toBe(false);
    expect(await findUserById(t.db, user.id)).toBeUndefined();
  });
});
