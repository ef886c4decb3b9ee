import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { readSession, startSession, touchIntervalMs } from './sessions.js';
import { hashSecretToken } from './secret-token.js';
import { findSessionByTokenHash } from './storage/session-repository.js';
import { describeOnEachDatabase } from './storage/test-databases.js';
import { findOrCreateUserByPhone } from './storage/user-repository.js';

const POLICY = { idleTimeoutSeconds: 30 * 60, absoluteLifetimeSeconds: 24 * 60 * 60 };
const START = new Date('2030-02-01T10:00:00.000Z');
const at = (ms: number) => new Date(START.getTime() + ms);

describeOnEachDatabase('session activity', (t) => {
  async function started(): Promise<string> {
    const { user } = await findOrCreateUserByPhone(t.db, `+4477009${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`, START);
    const { token } = await startSession(t.db, { userId: user.id, now: START, ip: null, userAgent: randomUUID(), policy: POLICY, amr: ['sim'] });
    return token;
  }
  const lastSeen = async (token: string) => (await findSessionByTokenHash(t.db, hashSecretToken(token)))?.lastSeenAt.getTime();

  it('is written at most once per interval: a request within it rewrites nothing, one after it does', async () => {
    const token = await started();
    const slack = touchIntervalMs(POLICY);
    expect(slack).toBe(60_000);
    expect(await readSession(t.db, token, at(slack - 1), POLICY)).toBeDefined();
    expect(await lastSeen(token)).toBe(START.getTime());
    expect(await readSession(t.db, token, at(slack + 1), POLICY)).toBeDefined();
    expect(await lastSeen(token)).toBe(at(slack + 1).getTime());
  });

  it('still ends a session idle past its timeout, counted from the last recorded activity', async () => {
    const token = await started();
    const idle = POLICY.idleTimeoutSeconds * 1000;
    expect(await readSession(t.db, token, at(idle - 1), POLICY)).toBeDefined();
    // That request was recorded (it came after the slack), so the session lives another timeout from it.
    expect(await readSession(t.db, token, at(2 * idle - 2), POLICY)).toBeDefined();
    expect(await readSession(t.db, token, at(3 * idle), POLICY)).toBeUndefined();
    expect(await lastSeen(token)).toBeUndefined();
  });

  it('keeps the slack to a twentieth of a short idle timeout', () => {
    expect(touchIntervalMs({ idleTimeoutSeconds: 600, absoluteLifetimeSeconds: 3600 })).toBe(30_000);
  });
});
