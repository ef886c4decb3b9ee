// Challenges on each database: stored only as a hash, for one purpose, consumed exactly once even when
// two requests race with the same one, refused once expired, and cleaned up by housekeeping.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../storage/test-databases.js';
import { findOrCreateUserByPhone } from '../storage/user-repository.js';
import { CHALLENGE_TTL_SECONDS, consumeChallenge, deleteExpiredChallenges, issueChallenge } from './challenges.js';

const NOW = new Date('2031-03-01T10:00:00.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describeOnEachDatabase('passkey challenges', (t) => {
  it('keeps only the SHA-256 of a challenge', async () => {
    const challenge = await issueChallenge(t.db, { purpose: 'authentication', userId: null, now: NOW });
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.db.selectFrom('passkey_challenges').select('challenge_hash').execute();
    expect(rows.map((row) => row.challenge_hash)).toContain(createHash('sha256').update(challenge).digest('hex'));
    expect(rows.some((row) => row.challenge_hash.includes(challenge))).toBe(false);
  });

  it('is consumed once: of two racing requests, exactly one gets it', async () => {
    const challenge = await issueChallenge(t.db, { purpose: 'authentication', userId: null, now: NOW });
    const results = await Promise.all([0, 1].map(() => consumeChallenge(t.db, { challenge, purpose: 'authentication', now: NOW })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: 'unknown_challenge' }]);
  });

  it('answers only for its purpose, and carries the account a registration is for', async () => {
    const { user } = await findOrCreateUserByPhone(t.db, '+447700900801', NOW);
    const challenge = await issueChallenge(t.db, { purpose: 'registration', userId: user.id, now: NOW });
    expect(await consumeChallenge(t.db, { challenge, purpose: 'authentication', now: NOW })).toEqual({ ok: false, reason: 'unknown_challenge' });
    expect(await consumeChallenge(t.db, { challenge, purpose: 'registration', now: NOW })).toEqual({ ok: true, userId: user.id });
  });

  it('is refused once expired (exactly at its end too), and gone after that answer', async () => {
    const challenge = await issueChallenge(t.db, { purpose: 'authentication', userId: null, now: NOW });
    const atEnd = later(CHALLENGE_TTL_SECONDS);
    expect(await consumeChallenge(t.db, { challenge, purpose: 'authentication', now: atEnd })).toEqual({ ok: false, reason: 'expired_challenge' });
    expect(await consumeChallenge(t.db, { challenge, purpose: 'authentication', now: NOW })).toEqual({ ok: false, reason: 'unknown_challenge' });
    const justBefore = await issueChallenge(t.db, { purpose: 'authentication', userId: null, now: NOW });
    expect((await consumeChallenge(t.db, { challenge: justBefore, purpose: 'authentication', now: later(CHALLENGE_TTL_SECONDS - 0.001) })).ok).toBe(true);
  });

  it('refuses anything that is not a challenge we could have made, without a query', async () => {
    for (const challenge of ['', 'short', 'A'.repeat(44), `${'A'.repeat(42)}=`]) {
      expect(await consumeChallenge(t.db, { challenge, purpose: 'authentication', now: NOW })).toEqual({ ok: false, reason: 'unknown_challenge' });
    }
  });

  it('housekeeping removes challenges nobody answered', async () => {
    const stale = await issueChallenge(t.db, { purpose: 'authentication', userId: null, now: later(-3600) });
    const fresh = await issueChallenge(t.db, { purpose: 'authentication', userId: null, now: NOW });
    expect(await deleteExpiredChallenges(t.db, NOW)).toBeGreaterThanOrEqual(1);
    expect((await consumeChallenge(t.db, { challenge: stale, purpose: 'authentication', now: later(-3600) })).ok).toBe(false);
    expect((await consumeChallenge(t.db, { challenge: fresh, purpose: 'authentication', now: NOW })).ok).toBe(true);
  });
});
