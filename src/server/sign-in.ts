// Turns a verified check into an account and a session. One flow: a number with no account signs
// up, a known number signs in. A check signs in at most once, only in the browser that started it,
// and only while it is fresh; every sign-in gets a new session (no fixation).
//
// SIM-swap and recycled-number protection (sim-swap/) decides before anything is spent: the verdict
// is reached first (asking tru.ID's SIMCheck when the policy needs to, outside any transaction, so a
// slow network never holds a database lock), then one transaction checks the account is still the one
// the verdict was about and either records the refusal (audit; the check stays unspent) or consumes
// the check and starts the session (on PostgreSQL an allowed sign-in is one statement instead,
// storage/check-consumption.ts). tru.ID failing to answer ends the request before that transaction:
// nothing consumed, no half-made session.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { FlowError } from './errors.js';
import { failureMessage } from './failure-messages.js';
import { secretTokenMatches } from './secret-token.js';
import { maskPhoneNumber } from './phone-number.js';
import { endSession, newSession, sessionTokenHash, type SessionPolicy, type StartedSession } from './sessions.js';
import { answersFromFlow, evaluateSimSwap, type SimSwapDeps, type SimSwapVerdict } from './sim-swap/evaluate.js';
import { refusalError, type SimSwapRefusal } from './sim-swap/refusals.js';
import { retireAccount } from './sim-swap/retire-account.js';
import { recordAuditEvent } from './storage/audit-repository.js';
import { consumeCheckForAccount, findFlowWithAccount, signInInOneStatement, type Consumption } from './storage/check-consumption.js';
import { isPostgres } from './storage/dialect-of.js';
import { createDbFlowStore } from './storage/flow-repository.js';
import type { DatabaseSchema } from './storage/schema.js';
import { insertSession, type SessionRecord } from './storage/session-repository.js';
import type { VerificationFunnel } from './metrics/funnel.js';
import { findActiveUserByPhone, findOrCreateUserByPhone, recordSignIn, type UserRecord } from './storage/user-repository.js';

export interface SignInDeps {
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
  simSwap: SimSwapDeps;
  /** Counts sign-ups, sign-ins and policy refusals (metrics/); absent when metrics are off. */
  funnel?: VerificationFunnel | undefined;
}

export interface SignInRequest {
  checkId: string;
  flowToken: string | undefined;
  /** The session cookie the browser already had, if any: it ends here (rotation). */
  previousSessionToken: string | undefined;
  ip: string | null;
  userAgent: string | null;
  /**
   * The person's explicit choice, offered only after a `possibly_recycled_number` refusal: retire the
   * account on this number (untouched, unreachable) and start a new one.
   */
  startNewAccount?: boolean;
}

export interface SignedIn {
  user: UserRecord;
  created: boolean;
  session: StartedSession;
}

/**
 * What a verified check grants, decided inside the sign-in's transaction once the check is consumed and
 * the account found or made. Signing in grants this browser a session; a hand-off (handoff/) grants the
 * desktop's hand-off its approval instead. Throwing rolls everything back: the check stays unspent.
 */
export type Grant<T> = (trx: Kysely<DatabaseSchema>, account: { user: UserRecord; created: boolean; now: Date }) => Promise<T>;

export interface Granted<T> {
  user: UserRecord;
  created: boolean;
  granted: T;
}

const REFUSAL_CODE: Record<SimSwapRefusal['kind'], string> = {
  refuse_recent_change: 'sim_changed_recently',
  refuse_no_data: 'sim_change_unknown',
  possibly_recycled: 'possibly_recycled_number',
};

export async function signInWithCheck(deps: SignInDeps, request: SignInRequest): Promise<SignedIn> {
  const session = (userId: string, now: Date) =>
    newSession({ userId, now, ip: request.ip, userAgent: request.userAgent, policy: deps.sessionPolicy, amr: ['sim'] });
  const { user, created, granted } = await attemptTwice(() =>
    attemptGrant(
      deps,
      request,
      async (trx, { user, now }) => {
        await endSession(trx, request.previousSessionToken);
        const { started, record } = session(user.id, now);
        await insertSession(trx, record);
        return started;
      },
      { session, endTokenHash: sessionTokenHash(request.previousSessionToken) },
    ),
  );
  return { user, created, session: granted };
}

/**
 * A grant that is a new session, which PostgreSQL can then store in the one statement that spends the
 * check (storage/check-consumption.ts) instead of in a transaction of its own.
 */
interface SessionGrant<T> {
  session: (userId: string, now: Date) => { started: T; record: SessionRecord };
  /** The hash of the browser's previous session cookie, ended with the sign-in (rotation); null for none. */
  endTokenHash: string | null;
}

/**
 * The one path from a verified check to an account: the flow's checks, SIM-swap protection, consuming
 * the check and the audit trail — then `grant` decides what the account is given.
 */
export async function grantWithCheck<T>(
  deps: Omit<SignInDeps, 'sessionPolicy'>,
  request: Omit<SignInRequest, 'previousSessionToken'>,
  grant: Grant<T>,
): Promise<Granted<T>> {
  return attemptTwice(() => attemptGrant(deps, request, grant));
}

async function attemptTwice<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    // Another sign-in changed the number's account between our verdict and our transaction — most
    // often two browsers signing up one new number at once. Decide again, once, about the account as
    // it is now; the check is still unspent.
    if (error instanceof FlowError && error.code === 'sign_in_conflict') return attempt();
    throw error;
  }
}

async function attemptGrant<T>(
  deps: Omit<SignInDeps, 'sessionPolicy'>,
  request: Omit<SignInRequest, 'previousSessionToken'>,
  grant: Grant<T>,
  sessionGrant?: SessionGrant<T>,
): Promise<Granted<T>> {
  const now = deps.clock();
  // The flow and the account on its number in one read: what the verdict is about.
  const found = await findFlowWithAccount(deps.db, request.checkId);
  if (!found || !secretTokenMatches(request.flowToken, found.flow.flowTokenHash)) {
    throw new FlowError('check_not_found', 'There is no verification with this id for this browser. Please verify your number again.');
  }
  const { flow, account } = found;
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
  // Before asking tru.ID anything: a spent check costs no SIMCheck.
  if (flow.consumedAt) throw alreadyUsed();

  const startNewAccount = request.startNewAccount === true;
  // This very check was refused as a possibly recycled number a moment ago and the person chose a
  // new account: that verdict stands, no need to ask tru.ID again.
  const verdict: SimSwapVerdict =
    startNewAccount && account && flow.recycledUserId === account.id
      ? { kind: 'possibly_recycled' }
      : (
          await evaluateSimSwap(deps.simSwap, {
            phoneNumber: flow.phoneNumber,
            now,
            account: account ? { id: account.id, lastUsedAt: account.lastSignInAt ?? account.createdAt } : null,
            answers: answersFromFlow(flow, deps.simSwap.settings),
          })
        ).verdict;

  const context = { checkId: flow.checkId, phoneMasked: maskPhoneNumber(flow.phoneNumber), ip: request.ip, userAgent: request.userAgent };
  // The everyday case, an allowed sign-in: spending the check, the sign-in on the account (or a new
  // account) and its audit event (storage/check-consumption.ts), which also proves the account is still
  // the one the verdict was about. On PostgreSQL, when the grant is a session, that and the session are
  // one statement and no transaction. Refusals and retiring an account take the longer way below.
  const allowed = verdict.kind === 'allow' && !startNewAccount;
  const into = account ?? { id: randomUUID(), phoneNumber: flow.phoneNumber, createdAt: now, lastSignInAt: null };
  const signsUp = account === undefined;
  const signedInto = { ...into, lastSignInAt: now };
  const signIn = {
    checkId: flow.checkId,
    at: now,
    account: account ? { existing: account } : { new: into },
    audit: { event: signsUp ? 'account.signed_up' : 'account.signed_in', at: now, userId: into.id, ...context },
  };
  const settle = (consumed: Consumption): void => {
    if (consumed === 'already_used') throw alreadyUsed();
    if (consumed === 'account_changed') throw accountChanged();
  };

  let outcome: { refused: SimSwapRefusal } | { signedIn: Granted<T> };
  if (allowed && sessionGrant && isPostgres(deps.db)) {
    const { started, record } = sessionGrant.session(into.id, now);
    settle(await signInInOneStatement(deps.db, { ...signIn, session: record, endTokenHash: sessionGrant.endTokenHash }));
    outcome = { signedIn: { user: signedInto, created: signsUp, granted: started } };
  } else {
    outcome = await deps.db.transaction().execute(async (trx): Promise<typeof outcome> => {
      if (allowed) {
        settle(await consumeCheckForAccount(trx, signIn));
        return { signedIn: { user: signedInto, created: signsUp, granted: await grant(trx, { user: signedInto, created: signsUp, now }) } };
      }

      const flows = createDbFlowStore(trx);
      if ((await flows.findByCheckId(flow.checkId))?.consumedAt) throw alreadyUsed();
      // The verdict is about the account as read above. Another sign-in or a retirement in between
      // would make it a verdict about something else: decide again instead.
      if (!sameAccount(await findActiveUserByPhone(trx, flow.phoneNumber), account)) throw accountChanged();

      const replacing = verdict.kind === 'possibly_recycled' && startNewAccount;
      if (verdict.kind !== 'allow' && !replacing) {
        await recordAuditEvent(trx, {
          event: 'sign_in.refused',
          at: now,
          userId: account?.id ?? null,
          ...context,
          detail: {
            reason: REFUSAL_CODE[verdict.kind],
            account: account ? 'existing' : 'new',
            ...(verdict.kind === 'refuse_recent_change' ? { sim_change_within: verdict.changeWithinMinutes } : {}),
            ...(verdict.kind === 'refuse_no_data' ? { operator_said: verdict.reason } : {}),
          },
        });
        if (verdict.kind === 'possibly_recycled' && account) await flows.markPossiblyRecycled(flow.checkId, account.id);
        return { refused: verdict };
      }
      if (startNewAccount && account && !replacing) {
        throw new FlowError(
          'new_account_not_offered',
          'A new account can only be started on a number whose account may belong to someone who had the number before. Please sign in instead.',
        );
      }

      // Consuming first, in the same transaction as the session: a check that signed someone in is
      // spent, and a sign-in that failed half-way leaves the check unspent.
      if (!(await flows.consume(flow.checkId, now))) throw alreadyUsed();
      const retired = replacing && account ? await retireAccount(trx, account.id, now) : null;
      if (retired && !retired.retired) {
        throw new FlowError('sign_in_conflict', 'The account on this number was just changed by another sign-in. Please try again.');
      }
      // The account on the number was read again in this transaction (sameAccount above): signing in to it
      // needs no insert attempt. A new number (or a replaced account) is created, racing sign-ups arbitrated.
      const { user, created } = account && !retired ? { user: account, created: false } : await findOrCreateUserByPhone(trx, flow.phoneNumber, now);
      await recordSignIn(trx, user.id, now);
      const granted = await grant(trx, { user: { ...user, lastSignInAt: now }, created, now });
      if (retired && account) {
        await recordAuditEvent(trx, {
          event: 'account.retired',
          at: now,
          userId: account.id,
          ...context,
          detail: { reason: 'possibly_recycled_number', replaced_by: user.id, sessions_ended: retired.sessionsEnded },
        });
      }
      await recordAuditEvent(trx, {
        event: created ? 'account.signed_up' : 'account.signed_in',
        at: now,
        userId: user.id,
        ...context,
        ...(retired && account ? { detail: { replaces_retired_account: account.id } } : {}),
      });
      return { signedIn: { user: { ...user, lastSignInAt: now }, created, granted } };
    });
  }

  if ('refused' in outcome) {
    deps.funnel?.refusedByPolicy(flow.checkId, REFUSAL_CODE[outcome.refused.kind]);
    throw refusalError(outcome.refused, { settings: deps.simSwap.settings, now, hasAccount: account !== undefined });
  }
  deps.funnel?.accountGranted(flow.checkId, outcome.signedIn.created);
  return outcome.signedIn;
}

function accountChanged(): FlowError {
  return new FlowError('sign_in_conflict', 'Something changed on the account for this number while we were signing you in. Please try again.');
}

function alreadyUsed(): FlowError {
  return new FlowError('flow_already_completed', 'This verification has already been used to sign in. Please verify your number again.');
}

function sameAccount(current: UserRecord | undefined, seen: UserRecord | undefined): boolean {
  if (!current || !seen) return current === seen;
  return current.id === seen.id && current.lastSignInAt?.getTime() === seen.lastSignInAt?.getTime();
}
