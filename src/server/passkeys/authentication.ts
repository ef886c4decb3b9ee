// Signing in with a passkey: options for navigator.credentials.get() with no credential list (the
// passkey is discoverable: the browser offers the ones it has for us, in its autofill or its sheet),
// then the answer checked against the one challenge issued, the stored public key, and the counter.
//
// The order matters. The challenge is consumed first (a replayed answer finds nothing, a failed one
// burns it). The library checks origin, RP ID, type, user presence and the signature; we pass it a
// stored counter of 0 so that it never judges the counter before the signature is known to be good,
// then we move the counter forward ourselves in one conditional UPDATE: a signed answer whose counter
// did not advance is a cloned authenticator (or a replay) and is refused and audited as such.
//
// A passkey sign-in does not touch the account's `last_sign_in_at`: that stays the last time the SIM
// proved the number, which SIM-swap protection's recycled-number question is asked from (sim-swap/).
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { RequestContext } from '../request-context.js';
import { endSession, startSession, type SessionPolicy, type StartedSession } from '../sessions.js';
import { recordAuditEvent } from '../storage/audit-repository.js';
import { findUserById, type UserRecord } from '../storage/user-repository.js';
import { CHALLENGE_TTL_SECONDS, consumeChallenge, issueChallenge } from './challenges.js';
import { challengeOf, messageOf, refuse, type PasskeyDeps, type RefusalReason } from './ceremony.js';
import { findPasskeyByCredentialId, recordPasskeyUse, type PasskeyRecord } from './credential-repository.js';

export async function authenticationOptions(deps: PasskeyDeps): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const challenge = await issueChallenge(deps.db, { purpose: 'authentication', userId: null, now: deps.clock() });
  return generateAuthenticationOptions({
    rpID: deps.relyingParty.id,
    challenge: isoBase64URL.toBuffer(challenge),
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    userVerification: 'preferred',
  });
}

export interface PasskeySignedIn {
  user: UserRecord;
  passkey: PasskeyRecord;
  session: StartedSession;
}

const TRY_AGAIN = 'Please try again, or verify your number with your mobile network instead.';

export async function signInWithPasskey(
  deps: PasskeyDeps & { sessionPolicy: SessionPolicy },
  input: { response: AuthenticationResponseJSON; previousSessionToken: string | undefined; context: RequestContext },
): Promise<PasskeySignedIn> {
  const { response, context } = input;
  const refused = (reason: RefusalReason, words: string, extra: { userId?: string; passkeyId?: string; detail?: Record<string, string | number> } = {}) =>
    refuse(deps, {
      ceremony: 'authentication',
      reason,
      words,
      context,
      userId: extra.userId ?? null,
      passkeyId: extra.passkeyId ?? null,
      ...(extra.detail ? { detail: extra.detail } : {}),
    });
  const now = deps.clock();

  const challenge = challengeOf(response.response.clientDataJSON);
  if (challenge === null) throw await refused('malformed_response', `Your browser sent an answer we could not read. ${TRY_AGAIN}`);
  const consumed = await consumeChallenge(deps.db, { challenge, purpose: 'authentication', now });
  if (!consumed.ok) {
    throw await refused(consumed.reason, `This sign-in request is no longer valid (it expired or was already used). ${TRY_AGAIN}`);
  }

  const passkey = await findPasskeyByCredentialId(deps.db, response.id);
  if (!passkey) {
    // Deleted from the account, or never ours: the browser may still hold it.
    throw await refused('unknown_passkey', `This passkey is not (or no longer) linked to a Simpass account. ${TRY_AGAIN}`);
  }
  const ids = { userId: passkey.userId, passkeyId: passkey.id };
  const user = await findUserById(deps.db, passkey.userId);
  if (!user) {
    throw await refused('account_retired', 'The account this passkey belongs to no longer owns its phone number, so it cannot be signed into.', ids);
  }
  const userHandle = response.response.userHandle;
  if (userHandle !== undefined && userHandle !== Buffer.from(user.id, 'utf8').toString('base64url')) {
    throw await refused('user_handle_mismatch', `This passkey does not belong to the account it names. ${TRY_AGAIN}`, ids);
  }

  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: deps.relyingParty.origin,
      expectedRPID: deps.relyingParty.id,
      // 0: the library must not judge the counter before the signature is checked (see above).
      credential: { id: passkey.credentialId, publicKey: isoBase64URL.toBuffer(passkey.publicKey), counter: 0, transports: [...passkey.transports] },
      requireUserVerification: false,
    });
  } catch (error) {
    throw await refused('verification_failed', `Your passkey could not be checked. ${TRY_AGAIN}`, { ...ids, detail: { error: messageOf(error) } });
  }
  if (!verified.verified) throw await refused('verification_failed', `Your passkey could not be checked. ${TRY_AGAIN}`, ids);

  const info = verified.authenticationInfo;
  const advanced = await recordPasskeyUse(deps.db, {
    id: passkey.id,
    signCount: info.newCounter,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    at: now,
  });
  if (!advanced) {
    throw await refused(
      'counter_regression',
      'This passkey answered like a copy of itself (its use counter went backwards), so we did not sign you in. ' +
        'If you did not copy it, remove it from your account and verify your number with your mobile network.',
      { ...ids, detail: { stored_counter: passkey.signCount, presented_counter: info.newCounter } },
    );
  }

  const session = await deps.db.transaction().execute(async (trx) => {
    await endSession(trx, input.previousSessionToken);
    const started = await startSession(trx, {
      userId: user.id,
      now,
      ip: context.ip,
      userAgent: context.userAgent,
      policy: deps.sessionPolicy,
      amr: ['passkey'],
    });
    await recordAuditEvent(trx, {
      event: 'passkey.used',
      at: now,
      userId: user.id,
      ip: context.ip,
      userAgent: context.userAgent,
      detail: { passkey: passkey.id, counter: info.newCounter, backed_up: info.credentialBackedUp, user_verified: info.userVerified },
    });
    return started;
  });
  return { user, passkey, session };
}
