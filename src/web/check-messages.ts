// The words of the SIM check's outcome, of signing in with it and of signing out (messages.ts has the
// first screen's). Apart from messages.ts so the first load does not carry them: they come with the
// check's chunk and the signed-in card's.
import type { Notice } from './messages.js';

/** The phone form's refusals of what was typed. */
export const numberErrors = {
  // Every example is written internationally, so it is accepted whatever the server's DEFAULT_COUNTRY; each
  // rule stated is the server's own (src/server/phone-number.ts): digits, spaces, a leading +.
  emptyNumber: 'Enter your mobile phone number, for example +44\u00a07700\u00a0900123.',
  /** Letters or symbols: the server refuses these too, so we say so without asking it. */
  notANumber: 'That does not look like a phone number. Use digits, spaces and a leading +, for example +44\u00a07700\u00a0900123.',
  invalidNumberFallback: 'This phone number is not valid. Check it and include the country code, for example +44\u00a07700\u00a0900123.',
} as const;

export const check = {
  checking: {
    tone: 'info',
    heading: 'Checking your number…',
    body: 'Your mobile network is confirming your number. This takes a few seconds.',
  },
  /** Shown (busy) while the verified number is turned into a session; account.* says how that ended. */
  verified: (phoneNumber: string | null): Notice => ({
    tone: 'info',
    heading: 'Signing you in…',
    body: phoneNumber
      ? `Your number ${phoneNumber} is verified by your mobile network.`
      : 'Your number is verified by your mobile network.',
  }),
  noMatch: {
    tone: 'error',
    heading: 'Number not verified',
    body: 'This number does not match the SIM in this phone. Check the number, or use the phone that has this SIM, and try again.',
  },
  failed: (serverMessage: string | undefined): Notice => ({
    tone: 'error',
    heading: 'We could not verify your number',
    body: serverMessage && serverMessage.trim() !== '' ? serverMessage : 'The verification did not finish. Please try again.',
  }),
  notFound: {
    tone: 'error',
    heading: 'Verification not found',
    body: 'This verification has expired or belongs to another browser. Please try again.',
  },
  tooSlow: {
    tone: 'error',
    heading: 'This is taking too long',
    body: 'Your mobile network has not confirmed your number yet. Please try again.',
  },
  resultUnavailable: {
    tone: 'error',
    heading: 'Something went wrong',
    body: 'We could not get the result of the verification. Please try again.',
  },
  startFailed: {
    tone: 'error',
    heading: 'Something went wrong',
    body: 'We could not start the verification. Please try again.',
  },
  /** Over a rate limit: the server's `detail` says what was limited and when to try again. */
  tooManyAttempts: (detail: string | undefined, retryAfterSeconds: number | undefined): Notice => ({
    tone: 'error',
    heading: 'Too many attempts',
    body: nonEmpty(detail) ?? `Please wait, then try again. ${tryAgainIn(retryAfterSeconds ?? 60)}`,
  }),
} as const satisfies Record<string, Notice | ((...args: never[]) => Notice)>;

/**
 * After the network's redirect failed, the server sends the page to /?check_error=<code>, one of its
 * own problem codes. Only these words are shown: the code in the address bar is never put on the page.
 */
const redirectErrors: Readonly<Record<string, Notice>> = {
  'flow-mismatch': {
    tone: 'error',
    heading: 'Started in another browser',
    body: 'This verification was started in another browser. Open Simpass in the browser you use on this phone and start again.',
  },
  'check-not-found': {
    tone: 'error',
    heading: 'Verification not found',
    body: 'We did not start this verification, or it has been cleared. Please start again.',
  },
  'invalid-request': {
    tone: 'error',
    heading: 'We could not verify your number',
    body: 'The answer from your mobile network was incomplete. Please try again.',
  },
  'verification-interrupted': {
    tone: 'error',
    heading: 'Not verified yet',
    body: 'The verification service did not answer, so your number is not confirmed yet. Please try again in a moment.',
  },
};

const redirectErrorFallback: Notice = {
  tone: 'error',
  heading: 'Something went wrong',
  body: 'We could not finish verifying your number. Please try again.',
};

export function redirectError(code: string): Notice {
  return Object.hasOwn(redirectErrors, code) ? redirectErrors[code]! : redirectErrorFallback;
}

/** Signing in with a verified number, being signed in, signing out. The signed-in card shows these
 *  notices as its own heading and first line: one state on the page, not a notice above a card. */
export const account = {
  /** `serverMessage`: the server's own words ("You're signed up" / "Welcome back"), used as the heading. */
  signedUp: (serverMessage: string | undefined): Notice => ({
    tone: 'success',
    heading: nonEmpty(serverMessage) ?? "You're signed up",
    body: 'Your mobile network confirmed your number, and your new account is ready.',
  }),
  welcomeBack: (serverMessage: string | undefined): Notice => ({
    tone: 'success',
    heading: nonEmpty(serverMessage) ?? 'Welcome back',
    body: 'Your mobile network confirmed your number, and you are signed in to your account.',
  }),
  refused: (detail: string | undefined): Notice => ({
    tone: 'error',
    heading: 'We could not sign you in',
    body: nonEmpty(detail) ?? 'This verification cannot be used to sign in. Please verify your number again.',
  }),
  signInFailed: {
    tone: 'error',
    heading: 'Something went wrong',
    body: 'We could not sign you in. Check your connection, then verify your number again.',
  },
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  signedOut: {
    tone: 'info',
    heading: "You're signed out",
    body: 'To sign in again, verify your number.',
  },
  signOutFailed: 'We could not sign you out. Check your connection and try again.',
} as const satisfies Record<string, Notice | string | ((...args: never[]) => Notice)>;

/** The same words the server uses (src/server/rate-limits/retry-after.ts), for an answer without them. */
function tryAgainIn(seconds: number): string {
  if (seconds < 60) return 'Try again in less than a minute.';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'Try again in about a minute.' : `Try again in about ${minutes} minutes.`;
  const hours = Math.ceil(seconds / 3600);
  return hours === 1 ? 'Try again in about an hour.' : `Try again in about ${hours} hours.`;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

/**
 * Sign-in refused by SIM-swap / recycled-number protection. The server's `detail` already says what
 * happened, why it protects the person and what to do; these add a heading that names it.
 */
export const simSwap = {
  changedRecently: (detail: string | undefined, tryAgainAfter: Date | null): Notice => ({
    tone: 'error',
    heading: 'Your SIM card changed recently',
    body: [
      nonEmpty(detail) ?? "This number's SIM card was changed recently, so we can't sign you in with it yet. Please try again in a week.",
      // The server names the date in UTC; say it in the person's own time too.
      tryAgainAfter ? `In your time zone that is ${new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' }).format(tryAgainAfter)}.` : '',
    ]
      .filter((part) => part !== '')
      .join(' '),
  }),
  noData: (detail: string | undefined): Notice => ({
    tone: 'error',
    heading: "We can't check your SIM card",
    body: nonEmpty(detail) ?? "Your mobile network didn't tell us whether this number's SIM card changed recently, so we can't sign you in. Please try again later.",
  }),
  possiblyRecycled: (detail: string | undefined): Notice => ({
    tone: 'error',
    heading: 'This number may have had another owner',
    body: nonEmpty(detail) ?? "This number's account may belong to someone who had the number before you. You can start a new account on it.",
  }),
  checkUnavailable: (detail: string | undefined): Notice => ({
    tone: 'error',
    heading: "We couldn't check your SIM card",
    body: nonEmpty(detail) ?? "We couldn't ask your mobile network about your SIM card. Nothing was used up: please try again in a moment.",
  }),
  startingNewAccount: {
    tone: 'info',
    heading: 'Starting your new account…',
    body: 'The old account on this number stays closed, with everything in it.',
  },
  retrying: {
    tone: 'info',
    heading: 'Trying again…',
    body: 'We are asking your mobile network about your SIM card again.',
  },
} as const;
