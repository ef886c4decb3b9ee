// The hand-off from a desktop to a phone, as plain functions over the database. The journey:
//   1. the desktop creates a hand-off: a link (secret in the fragment, link-token.ts) and a match code,
//      bound to this desktop browser by a hashed cookie; 5 minutes to live;
//   2. the first phone to open the link binds it to itself with a cookie of its own (a second phone
//      is refused: the race is decided by one conditional UPDATE);
//   3. the phone runs the normal check (reachability, number, check URL) — its own flow cookie, as ever;
//   4. the phone confirms, picking the desktop's code: the verified check goes through the one sign-in
//      path (sign-in.ts: SIM-swap protection, the check consumed once) and grants the hand-off its
//      approval instead of a session for the phone;
//   5. the desktop, told live, collects the session with its own cookie: the session is made for the
//      desktop browser, at the desktop's request, and the hand-off is spent.
// Every refusal is a FlowError in words for the page.
import { randomUUID } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import type { Kysely } from 'kysely';
import { FlowError } from '../errors.js';
import { maskPhoneNumber, normalisePhoneNumber } from '../phone-number.js';
import type { RequestContext } from '../request-context.js';
import { hashSecretToken, newSecretToken, SECRET_TOKEN_SHAPE, secretTokenMatches } from '../secret-token.js';
import { endSession, startSession, type SessionPolicy, type StartedSession } from '../sessions.js';
import { grantWithCheck } from '../sign-in.js';
import type { VerificationFunnel } from '../metrics/funnel.js';
import type { SimSwapDeps } from '../sim-swap/evaluate.js';
import { recordAuditEvent } from '../storage/audit-repository.js';
import { createDbFlowStore } from '../storage/flow-repository.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { findUserById, type UserRecord } from '../storage/user-repository.js';
import { summariseUserAgent } from './desktop-summary.js';
import {
  approveHandoff,
  bindPhone,
  endHandoff,
  findHandoffBy,
  insertHandoff,
  markSignedIn,
  type HandoffRecord,
} from './handoff-repository.js';
import type { HandoffNotifier } from './handoff-notifier.js';
import { canonicalLinkToken, handoffLink, hashLinkToken, newLinkToken } from './link-token.js';
import { newMatchCode } from './match-code.js';

/** How long a link may take from the desktop to a confirmed phone. The issue says ≤ 5 minutes. */
export const HANDOFF_TTL_SECONDS = 300;
/** After the phone confirmed, how long the desktop has to collect its session (it is told at once). */
export const CLAIM_WINDOW_SECONDS = 120;

export interface HandoffDeps {
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  publicUrl: string;
  defaultCountry: CountryCode;
  sessionPolicy: SessionPolicy;
  simSwap: SimSwapDeps;
  notifier: HandoffNotifier;
  funnel?: VerificationFunnel | undefined;
}

/** What the desktop and the phone are told; `expired` is worked out from the clock, never stored. */
export type HandoffState = 'waiting' | 'opened' | 'approved' | 'signed_in' | 'cancelled' | 'refused' | 'expired';

export function stateOf(record: HandoffRecord, now: Date): HandoffState {
  if ((record.status === 'waiting' || record.status === 'opened') && now >= record.expiresAt) return 'expired';
  if (record.status === 'approved' && record.approvedAt && now.getTime() >= record.approvedAt.getTime() + CLAIM_WINDOW_SECONDS * 1000) {
    return 'expired';
  }
  return record.status;
}

const REFUSAL_WORDS: Record<string, string> = {
  wrong_code: 'The code chosen on the phone was not the one shown here, so this sign-in was stopped.',
  number_mismatch: 'The phone verified a different number from the one typed here, so this sign-in was stopped.',
};

// ---- the desktop ----

export interface StartedHandoff {
  desktopToken: string;
  link: string;
  view: DesktopView;
}

export interface DesktopView {
  state: HandoffState;
  matchCode: string;
  expiresAt: string;
  /** Words for the page when the hand-off ended without signing in. */
  message: string | null;
}

export async function startHandoff(
  deps: HandoffDeps,
  input: { phoneNumber?: string | undefined; previousDesktopToken: string | undefined },
  context: RequestContext,
): Promise<StartedHandoff> {
  let phoneNumber: string | null = null;
  if (input.phoneNumber !== undefined && input.phoneNumber.trim() !== '') {
    const normalised = normalisePhoneNumber(input.phoneNumber, deps.defaultCountry);
    if (!normalised.ok) {
      throw new FlowError('invalid_phone_number', normalised.message, [{ name: 'phone_number', reason: normalised.message }]);
    }
    phoneNumber = normalised.e164;
  }
  const now = deps.clock();
  // Starting again ends the hand-off this desktop had: its link stops working, and its phone is told.
  await cancelHandoff(deps, input.previousDesktopToken);

  const desktopToken = newSecretToken();
  const linkToken = newLinkToken();
  const { code, choices } = newMatchCode();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + HANDOFF_TTL_SECONDS * 1000);
  await insertHandoff(deps.db, {
    id,
    desktopTokenHash: hashSecretToken(desktopToken),
    linkTokenHash: hashLinkToken(canonicalLinkToken(linkToken)!),
    matchCode: code,
    codeChoices: choices,
    phoneNumber,
    desktopSummary: summariseUserAgent(context.userAgent),
    createdAt: now,
    expiresAt,
  });
  await recordAuditEvent(deps.db, {
    event: 'handoff.started',
    at: now,
    ...context,
    phoneMasked: phoneNumber ? maskPhoneNumber(phoneNumber) : null,
    detail: { handoff: id },
  });
  return {
    desktopToken,
    link: handoffLink(deps.publicUrl, linkToken),
    view: { state: 'waiting', matchCode: code, expiresAt: expiresAt.toISOString(), message: null },
  };
}

export async function desktopHandoff(deps: Pick<HandoffDeps, 'db'>, desktopToken: string | undefined): Promise<HandoffRecord | undefined> {
  if (!desktopToken || !SECRET_TOKEN_SHAPE.test(desktopToken)) return undefined;
  return findHandoffBy(deps.db, 'desktop_token_hash', hashSecretToken(desktopToken));
}

export function desktopView(record: HandoffRecord, now: Date): DesktopView {
  const state = stateOf(record, now);
  return {
    state,
    matchCode: record.matchCode,
    expiresAt: record.expiresAt.toISOString(),
    message:
      state === 'refused'
        ? (REFUSAL_WORDS[record.refusal ?? ''] ?? 'This sign-in was stopped on the phone.')
        : state === 'expired'
          ? 'The link expired before the phone confirmed. Start again to get a new one.'
          : state === 'cancelled'
            ? 'This sign-in was cancelled.'
            : null,
  };
}

/** Ends this desktop's hand-off if it is still open; harmless otherwise. */
export async function cancelHandoff(deps: HandoffDeps, desktopToken: string | undefined): Promise<void> {
  const record = await desktopHandoff(deps, desktopToken);
  if (!record) return;
  const now = deps.clock();
  if (await endHandoff(deps.db, record.id, { status: 'cancelled', now })) {
    await recordAuditEvent(deps.db, { event: 'handoff.cancelled', at: now, detail: { handoff: record.id } });
    deps.notifier.notify(record.id);
  }
}

export interface ClaimedSession {
  user: UserRecord;
  created: boolean;
  session: StartedSession;
}

/** The desktop collects the session the phone approved. Once: the hand-off is spent by it. */
export async function claimHandoff(
  deps: HandoffDeps,
  input: { desktopToken: string | undefined; previousSessionToken: string | undefined },
  context: RequestContext,
): Promise<ClaimedSession> {
  const record = await desktopHandoff(deps, input.desktopToken);
  if (!record) throw notFound();
  const now = deps.clock();
  const state = stateOf(record, now);
  if (state === 'signed_in') throw new FlowError('handoff_already_used', 'This sign-in has already been used. Start again to sign in.');
  if (state !== 'approved' || !record.userId) {
    throw state === 'waiting' || state === 'opened'
      ? new FlowError('handoff_not_approved', 'The phone has not confirmed this sign-in yet.')
      : endedError(record, state);
  }
  const userId = record.userId;
  const session = await deps.db.transaction().execute(async (trx) => {
    if (!(await markSignedIn(trx, record.id, now))) {
      throw new FlowError('handoff_already_used', 'This sign-in has already been used. Start again to sign in.');
    }
    await endSession(trx, input.previousSessionToken);
    const started = await startSession(trx, { userId, now, ip: context.ip, userAgent: context.userAgent, policy: deps.sessionPolicy, amr: ['sim', 'handoff'] });
    await recordAuditEvent(trx, { event: 'handoff.signed_in', at: now, userId, ...context, detail: { handoff: record.id } });
    return started;
  });
  deps.notifier.notify(record.id);
  const user = await findUserById(deps.db, userId);
  if (!user) throw new FlowError('handoff_changed', 'The account changed while signing you in. Please start again.');
  return { user, created: record.accountCreated === true, session };
}

// ---- the phone ----

export interface PhoneView {
  state: HandoffState;
  /** e.g. "Chrome on Windows". */
  desktop: string;
  startedAt: string;
  expiresAt: string;
  /** The desktop typed a number: the phone must verify that one (which is not said here). */
  numberFromDesktop: boolean;
  /** The codes to choose among; only while the phone may still confirm. */
  codeChoices: string[];
}

export function phoneView(record: HandoffRecord, now: Date): PhoneView {
  const state = stateOf(record, now);
  return {
    state,
    desktop: record.desktopSummary,
    startedAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    numberFromDesktop: record.phoneNumber !== null,
    codeChoices: state === 'opened' ? record.codeChoices : [],
  };
}

export async function phoneHandoff(deps: Pick<HandoffDeps, 'db'>, phoneToken: string | undefined): Promise<HandoffRecord | undefined> {
  if (!phoneToken || !SECRET_TOKEN_SHAPE.test(phoneToken)) return undefined;
  return findHandoffBy(deps.db, 'phone_token_hash', hashSecretToken(phoneToken));
}

/**
 * A phone opens the link. The first phone binds the hand-off to itself (a new phone cookie); the same
 * phone again (a reload) gets its view back; anyone else is told the link is spent.
 */
export async function openHandoff(
  deps: HandoffDeps,
  input: { linkToken: string; phoneToken: string | undefined },
  context: RequestContext,
): Promise<{ phoneToken: string | null; view: PhoneView }> {
  const canonical = canonicalLinkToken(input.linkToken);
  const record = canonical ? await findHandoffBy(deps.db, 'link_token_hash', hashLinkToken(canonical)) : undefined;
  if (!record) {
    throw new FlowError('handoff_link_unknown', 'This sign-in link is not valid. Check that you typed it as shown on your computer, or start again there.');
  }
  const now = deps.clock();
  if (record.phoneTokenHash && secretTokenMatches(input.phoneToken, record.phoneTokenHash)) {
    return { phoneToken: null, view: phoneView(record, now) };
  }
  const state = stateOf(record, now);
  if (state !== 'waiting') throw openRefusal(record, state);

  const phoneToken = newSecretToken();
  if (!(await bindPhone(deps.db, record.id, hashSecretToken(phoneToken), now))) {
    // Another phone (or a cancel) got there between our read and our write.
    const current = (await findHandoffBy(deps.db, 'id', record.id)) ?? record;
    throw openRefusal(current, stateOf(current, now));
  }
  await recordAuditEvent(deps.db, { event: 'handoff.opened', at: now, ...context, detail: { handoff: record.id } });
  deps.notifier.notify(record.id);
  const opened = (await findHandoffBy(deps.db, 'id', record.id)) ?? record;
  return { phoneToken, view: phoneView(opened, now) };
}

function openRefusal(record: HandoffRecord, state: HandoffState): FlowError {
  if (state === 'opened' || state === 'approved' || state === 'signed_in') {
    return new FlowError(
      'handoff_already_opened',
      'This sign-in link was already opened on another phone, and works only once. If that was not you, cancel on your computer and start again.',
    );
  }
  return endedError(record, state);
}

function endedError(record: HandoffRecord, state: HandoffState): FlowError {
  switch (state) {
    case 'expired':
      return new FlowError('handoff_expired', 'This sign-in link has expired (links last 5 minutes). Start again on your computer to get a new one.');
    case 'cancelled':
      return new FlowError('handoff_cancelled', 'The sign-in was cancelled on the computer (or started again there). Use the new code or link shown on the computer.');
    case 'refused':
      return new FlowError('handoff_refused', `${REFUSAL_WORDS[record.refusal ?? ''] ?? 'This sign-in was stopped.'} Start again on your computer.`);
    case 'approved':
    case 'signed_in':
      return new FlowError('handoff_already_used', 'This sign-in was already confirmed. Return to your computer.');
    default:
      return notFound();
  }
}

function notFound(): FlowError {
  return new FlowError('handoff_not_found', 'There is no sign-in from a computer waiting for this browser. Open the link shown on your computer.');
}

export interface ApproveRequest {
  phoneToken: string | undefined;
  flowToken: string | undefined;
  checkId: string;
  matchCode: string;
  startNewAccount?: boolean;
}

/**
 * The phone confirms with its verified check and the code it picked. Refused unless the hand-off is
 * this phone's and still open, the code is the desktop's, and (when the desktop typed one) the number
 * proven is the desktop's. The phone gets no session.
 */
export async function confirmHandoff(deps: HandoffDeps, input: ApproveRequest, context: RequestContext): Promise<{ created: boolean }> {
  const record = await phoneHandoff(deps, input.phoneToken);
  if (!record) throw notFound();
  const now = deps.clock();
  const state = stateOf(record, now);
  if (state !== 'opened') throw endedError(record, state);

  if (input.matchCode !== record.matchCode) {
    // One wrong pick ends it: with three choices a guesser gets a single one-in-three try.
    await refuse(deps, record, 'wrong_code', context);
    throw new FlowError('handoff_wrong_code', 'That is not the code shown on your computer, so this sign-in was stopped to keep your account safe. Start again on your computer.');
  }
  if (record.phoneNumber !== null) {
    const flow = await createDbFlowStore(deps.db).findByCheckId(input.checkId);
    const proven = flow && secretTokenMatches(input.flowToken, flow.flowTokenHash) && flow.status === 'completed' && flow.match;
    if (proven && flow.phoneNumber !== record.phoneNumber) {
      await refuse(deps, record, 'number_mismatch', context);
      throw new FlowError(
        'handoff_number_mismatch',
        'The number verified on this phone is not the number typed on the computer, so this sign-in was stopped. Start again on your computer.',
      );
    }
  }

  const { created } = await grantWithCheck(
    { db: deps.db, clock: deps.clock, simSwap: deps.simSwap, funnel: deps.funnel },
    { checkId: input.checkId, flowToken: input.flowToken, ip: context.ip, userAgent: context.userAgent, startNewAccount: input.startNewAccount === true },
    async (trx, { user, created: accountCreated, now: at }) => {
      // Cancelled, expired or approved meanwhile: nothing is granted and the check stays unspent.
      if (!(await approveHandoff(trx, record.id, { userId: user.id, accountCreated, now: at }))) {
        throw new FlowError('handoff_changed', 'The sign-in on the computer changed meanwhile (cancelled, expired or started again). Check your computer.');
      }
      await recordAuditEvent(trx, { event: 'handoff.approved', at, userId: user.id, ...context, detail: { handoff: record.id } });
    },
  );
  deps.notifier.notify(record.id);
  return { created };
}

async function refuse(deps: HandoffDeps, record: HandoffRecord, reason: 'wrong_code' | 'number_mismatch', context: RequestContext): Promise<void> {
  const now = deps.clock();
  if (await endHandoff(deps.db, record.id, { status: 'refused', refusal: reason, now })) {
    await recordAuditEvent(deps.db, { event: 'handoff.refused', at: now, ...context, detail: { handoff: record.id, reason } });
    deps.notifier.notify(record.id);
  }
}
