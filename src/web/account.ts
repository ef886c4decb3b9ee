// The account journey, without the DOM: who is signed in, turning a matched check into a session, and
// signing out. The caller renders what these return.
import type { SignedIn, User } from './api.js';
import { ApiError } from './api.js';
import * as messages from './messages.js';
import type { Notice } from './messages.js';

export interface AccountDeps {
  /** null: no session (401). */
  getMe(): Promise<User | null>;
  signIn(checkId: string): Promise<SignedIn>;
  signOut(): Promise<void>;
}

/** The signed-in user, or null. A server that cannot say counts as signed out: the normal journey runs. */
export async function currentUser(deps: Pick<AccountDeps, 'getMe'>): Promise<User | null> {
  try {
    return await deps.getMe();
  } catch {
    return null;
  }
}

export type SignInOutcome = { kind: 'signed-in'; user: User; notice: Notice } | { kind: 'not-signed-in'; notice: Notice };

/** Signs up (new number) or in (known number) with this browser's completed, matched check. */
export async function signInWithCheck(checkId: string, deps: Pick<AccountDeps, 'signIn'>): Promise<SignInOutcome> {
  let signedIn: SignedIn;
  try {
    signedIn = await deps.signIn(checkId);
  } catch (error) {
    return { kind: 'not-signed-in', notice: signInFailure(error) };
  }
  const notice = signedIn.created ? messages.account.signedUp(signedIn.message) : messages.account.welcomeBack(signedIn.message);
  return { kind: 'signed-in', user: signedIn.user, notice };
}

function signInFailure(error: unknown): Notice {
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
