// The account journey, without the DOM: turning a matched check into a session, and signing out (who is
// signed in is main.ts's currentUser, on the first load). The caller renders what these return.
import type { SignedIn, User } from './api.js';
import { ApiError } from './api.js';
import * as messages from './check-messages.js';
import type { Notice } from './messages.js';

export interface AccountDeps {
  signIn(checkId: string, options?: { startNewAccount?: boolean }): Promise<SignedIn>;
  signOut(): Promise<void>;
}

/**
 * What the page may offer after a refusal, with the same check: start a new account (a possibly
 * recycled number), or simply try again (the SIM check could not be done just now).
 */
export type SignInChoice = 'new-account' | 'retry';

export type SignInOutcome =
  | { kind: 'signed-in'; user: User; notice: Notice }
  | { kind: 'not-signed-in'; notice: Notice; choice?: SignInChoice };

/** Signs up (new number) or in (known number) with this browser's completed, matched check. */
export async function signInWithCheck(
  checkId: string,
  deps: Pick<AccountDeps, 'signIn'>,
  options: { startNewAccount?: boolean } = {},
): Promise<SignInOutcome> {
  let signedIn: SignedIn;
  try {
    signedIn = await deps.signIn(checkId, options);
  } catch (error) {
    return { kind: 'not-signed-in', ...signInFailure(error) };
  }
  const notice = signedIn.created ? messages.account.signedUp(signedIn.message) : messages.account.welcomeBack(signedIn.message);
  return { kind: 'signed-in', user: signedIn.user, notice };
}

/** Why a sign-in (or a hand-off's confirmation, which takes the same path) was refused, and what may come next. */
export function signInFailure(error: unknown): { notice: Notice; choice?: SignInChoice } {
  const simSwap = error instanceof ApiError ? simSwapRefusal(error) : undefined;
  if (simSwap) return simSwap;
  return { notice: otherFailure(error) };
}

/** The SIM-swap protection's refusals, by problem type: their own headings, and what can be done next. */
function simSwapRefusal(error: ApiError): { notice: Notice; choice?: SignInChoice } | undefined {
  const detail = error.problem?.detail;
  switch (error.problem?.type) {
    case '/problems/sim-changed-recently': {
      const after = error.problem.try_again_after ? new Date(error.problem.try_again_after) : null;
      return { notice: messages.simSwap.changedRecently(detail, after && !Number.isNaN(after.getTime()) ? after : null) };
    }
    case '/problems/sim-change-unknown':
      return { notice: messages.simSwap.noData(detail) };
    case '/problems/possibly-recycled-number':
      return { notice: messages.simSwap.possiblyRecycled(detail), choice: 'new-account' };
    case '/problems/sim-check-unavailable':
      return { notice: messages.simSwap.checkUnavailable(detail), choice: 'retry' };
    default:
      return undefined;
  }
}

function otherFailure(error: unknown): Notice {
  // No answer, a server error, or an answer we cannot read: nothing the person did; try again.
  if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500) return messages.account.signInFailed;
  if (error.status === 429) return messages.check.tooManyAttempts(error.problem?.detail, error.retryAfterSeconds);
  // 403 no match / failed check, 404 not this browser's check, 409 pending or already used: the server's words.
  return messages.account.refused(error.problem?.detail);
}

/** true once the server has ended the session. */
export async function endSession(deps: Pick<AccountDeps, 'signOut'>): Promise<boolean> {
  try {
    await deps.signOut();
    return true;
  } catch {
    return false;
  }
}
