// Turns a verified check into an account and a session. One flow: a number with no account signs
// up, a known number signs in. A check signs in at most once, only in the browser that started it,
// and only while it is fresh; every sign-in gets a new session (no fixation).
import type { Kysely } from 'kysely';
import { FlowError } from './errors.js';
import { failureMessage } from './failure-messages.js';
import { secretTokenMatches } from './secret-token.js';
import { maskPhoneNumber } from './phone-number.js';
import { endSession, startSession, type SessionPolicy, type StartedSession } from './sessions.js';
import { recordAuditEvent } from './storage/audit-repository.js';
import { createDbFlowStore } from './storage/flow-repository.js';
import type { DatabaseSchema } from './storage/schema.js';
import { findOrCreateUserByPhone, recordSignIn, type UserRecord } from './storage/user-repository.js';

export interface SignInDeps {
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
}

export interface SignInRequest {
  checkId: string;
  flowToken: string | undefined;
  /** The session cookie the browser already had, if any: it ends here (rotation). */
  previousSessionToken: string | undefined;
  ip: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  user: UserRecord;
  created: boolean;
  session: StartedSession;
}

export async function signInWithCheck(deps: SignInDeps, request: SignInRequest): Promise<SignedIn> {
  const now = deps.clock();
  const flow = await createDbFlowStore(deps.db).findByCheckId(request.checkId);
  if (!flow || !secretTokenMatches(request.flowToken, flow.flowTokenHash)) {
    throw new FlowError('check_not_found', 'There is no verification with this id for this browser. Please verify your number again.');
  }
  if (flow.status === 'pending') {
    throw new FlowError('verification_pending', 'Your number has not been verified yet. Please wait a moment, or start again.');
  }
  if (flow.status === 'failed') throw new FlowError('verification_failed', failureMessage(flow.failureReason));
  if (!flow.match) {
    throw new FlowError(
      'verification_not_matched',
      'This number does not match the SIM in this phone, so we cannot sign you in with it.',
    );
  }
  if (now >= flow.expiresAt) {
    throw new FlowError('flow_expired', 'This verification is too old to sign in with. Please verify your number again.');
  }

  return deps.db.transaction().execute(async (trx) => {
    // Consuming first, in the same transaction as the session: a check that signed someone in is
    // spent, and a sign-in that failed half-way leaves the check unspent.
    if (!(await createDbFlowStore(trx).consume(flow.checkId, now))) {
      throw new FlowError('flow_already_completed', 'This verification has already been used to sign in. Please verify your number again.');
    }
    const { user, created } = await findOrCreateUserByPhone(trx, flow.phoneNumber, now);
    await recordSignIn(trx, user.id, now);
    await endSession(trx, request.previousSessionToken);
    const session = await startSession(trx, {
      userId: user.id,
      now,
      ip: request.ip,
      userAgent: request.userAgent,
      policy: deps.sessionPolicy,
    });
    await recordAuditEvent(trx, {
      event: created ? 'account.signed_up' : 'account.signed_in',
      at: now,
      userId: user.id,
      checkId: flow.checkId,
      phoneMasked: maskPhoneNumber(flow.phoneNumber),
      ip: request.ip,
      userAgent: request.userAgent,
    });
    return { user: { ...user, lastSignInAt: now }, created, session };
  });
}
