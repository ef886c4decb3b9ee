import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSessionByTokenHash,
  findSessionWithUser,
  insertSession,
  MAX_USER_AGENT_LENGTH,
  touchSession,
  type SessionRecord,
} from './session-repository.js';
import { describeOnEachDatabase } from './test-databases.js';
import { deleteUser, findOrCreateUserByPhone, retireUser } from './user-repository.js';

const CREATED = new Date('2030-01-01T08:00:00.042Z');
const DAY = 24 * 60 * 60 * 1000;
let nextNumber = 900_300;

function sessionFor(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
    userId,
    createdAt: CREATED,
    expiresAt: new Date(CREATED.getTime() + 30 * DAY),
    lastSeenAt: CREATED,
    ip: '2001:db8::1',
    userAgent: 'Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36',
    amr: ['sim'],
    ...overrides,
  };
}

describeOnEachDatabase('sessions', (t) => {
  async function newUserId(): Promise<string> {
    return (await findOrCreateUserByPhone(t.db, `+447700${nextNumber++}`, CREATED)).user.id;
  }

  it('reads back exactly the session it was given, to the millisecond', async () => {
    const session = sessionFor(await newUserId());
    await insertSession(t.db, session);
    expect(await findSessionByTokenHash(t.db, session.tokenHash)).toEqual(session);
  });

  it('reads a session with its active account in one go, and no account once that account is retired', async () => {
    const phoneNumber = `+447700${nextNumber++}`;
    const { user } = await findOrCreateUserByPhone(t.db, phoneNumber, CREATED);
    const session = sessionFor(user.id);
    await insertSession(t.db, session);
    expect(await findSessionWithUser(t.db, session.tokenHash)).toEqual({ session, user });
    expect(await retireUser(t.db, user.id, CREATED)).toBe(true);
    expect(await findSessionWithUser(t.db, session.tokenHash)).toEqual({ session, user: undefined });
    expect(await findSessionWithUser(t.db, 'f'.repeat(64))).toBeUndefined();
  });

  it('records how the session was proven (amr) and refuses a session proven by nothing', async () => {
    const passkey = sessionFor(await newUserId(), { amr: ['passkey'] });
    await insertSession(t.db, passkey);
    expect((await findSessionByTokenHash(t.db, passkey.tokenHash))?.amr).toEqual(['passkey']);
    await expect(insertSession(t.db, sessionFor(await newUserId(), { amr: [] }))).rejects.toThrow(TypeError);
  });

  it('stores at most 512 characters of the user agent', async () => {
    const session = sessionFor(await newUserId(), { userAgent: 'x'.repeat(10_000), ip: null });
    await insertSession(t.db, session);
    const stored = await findSessionByTokenHash(t.db, session.tokenHash);
    expect(stored?.userAgent).toBe('x'.repeat(MAX_USER_AGENT_LENGTH));
    expect(stored?.ip).toBeNull();
  });

  it('refuses anything but a SHA-256 hex as the key, so a raw token is never stored', async () => {
    const userId = await newUserId();
    await expect(insertSession(t.db, sessionFor(userId, { tokenHash: randomBytes(32).toString('base64url') }))).rejects.toThrow(TypeError);
    // The table enforces it too, for writers that bypass this module.
    await expect(
      t.db
        .insertInto('sessions')
        .values({ token_hash: 'short', user_id: userId, created_at: 0, expires_at: 1, last_seen_at: 0, ip: null, user_agent: null })
        .execute(),
    ).rejects.toThrow();
  });

  it('refuses a session for an account that does not exist', async () => {
    await expect(insertSession(t.db, sessionFor(randomUUID()))).rejects.toThrow(/foreign key/i);
  });

  it('records activity without extending the absolute expiry', async () => {
    const session = sessionFor(await newUserId());
    await insertSession(t.db, session);
    const later = new Date(CREATED.getTime() + DAY + 1);
    expect(await touchSession(t.db, session.tokenHash, later)).toBe(true);
    expect(await findSessionByTokenHash(t.db, session.tokenHash)).toEqual({ ...session, lastSeenAt: later });
  });

  it('does not touch a session once it has expired', async () => {
    const session = sessionFor(await newUserId());
    await insertSession(t.db, session);
    expect(await touchSession(t.db, session.tokenHash, session.expiresAt)).toBe(false);
    expect(await touchSession(t.db, 'f'.repeat(64), CREATED)).toBe(false);
  });

  it('signs out one session', async () => {
    const userId = await newUserId();
    const [kept, ended] = [sessionFor(userId), sessionFor(userId)];
    await insertSession(t.db, kept);
    await insertSession(t.db, ended);
    expect(await deleteSession(t.db, ended.tokenHash)).toBe(true);
    expect(await deleteSession(t.db, ended.tokenHash)).toBe(false);
    expect(await findSessionByTokenHash(t.db, ended.tokenHash)).toBeUndefined();
    expect(await findSessionByTokenHash(t.db, kept.tokenHash)).toEqual(kept);
  });

  it('signs out everywhere, leaving other accounts signed in', async () => {
    const [userId, otherId] = [await newUserId(), await newUserId()];
    const other = sessionFor(otherId);
    for (const session of [sessionFor(userId), sessionFor(userId), sessionFor(userId), other]) await insertSession(t.db, session);
    expect(await deleteSessionsOfUser(t.db, userId)).toBe(3);
    expect(await findSessionByTokenHash(t.db, other.tokenHash)).toEqual(other);
  });

  it('ends the sessions of a deleted account', async () => {
    const userId = await newUserId();
    const session = sessionFor(userId);
    await insertSession(t.db, session);
    await deleteUser(t.db, userId);
    expect(await findSessionByTokenHash(t.db, session.tokenHash)).toBeUndefined();
  });

  it('cleans up exactly the sessions that have expired', async () => {
    // Times in 2001 so that no other test's session counts.
    const userId = await newUserId();
    const base = new Date('2001-01-01T00:00:00Z').getTime();
    const expired = sessionFor(userId, { createdAt: new Date(base), lastSeenAt: new Date(base), expiresAt: new Date(base + DAY) });
    const atNow = sessionFor(userId, { createdAt: new Date(base), lastSeenAt: new Date(base), expiresAt: new Date(base + 2 * DAY) });
    const live = sessionFor(userId, { createdAt: new Date(base), lastSeenAt: new Date(base), expiresAt: new Date(base + 2 * DAY + 1) });
    for (const session of [expired, atNow, live]) await insertSession(t.db, session);

    expect(await deleteExpiredSessions(t.db, new Date(base + 2 * DAY))).toBe(2);
    expect(await findSessionByTokenHash(t.db, expired.tokenHash)).toBeUndefined();
    expect(await findSessionByTokenHash(t.db, atNow.tokenHash)).toBeUndefined();
    expect(await findSessionByTokenHash(t.db, live.tokenHash)).toEqual(live);
  });
});
