// Every word the script puts on the page, in one place. Static page copy (title, labels, button names,
// privacy note) lives in index.html so the page reads correctly before the script runs.

/** What the page shows in its notice and result areas. */
export interface Notice {
  tone: 'info' | 'success' | 'error';
  heading: string;
  body: string;
}

export const connection = {
  checking: {
    tone: 'info',
    heading: 'Checking your connection…',
    body: 'We are making sure your phone can be verified over its mobile network.',
  },
  ready: 'Your mobile network can verify your number. Enter your phone number to continue.',
  notMobile: {
    tone: 'error',
    heading: 'Please use mobile data',
    body:
      'Your number is verified through your mobile network, so this page must be opened over mobile data. ' +
      'Turn off WiFi, then reload the page.',
  },
  unsupportedOperator: {
    tone: 'error',
    heading: 'Your mobile network is not supported yet',
    body: 'Your mobile operator is not covered yet, so your number cannot be verified this way. Please try again later.',
  },
  unavailable: {
    tone: 'error',
    heading: 'Something went wrong',
    body: 'We could not check your connection. Please try again.',
  },
} as const satisfies Record<string, Notice | string>;

export const form = {
  submit: 'Verify my number',
  verifying: 'Verifying…',
  emptyNumber: 'Enter your mobile phone number, for example +44\u00a07700\u00a0900123.',
  /** Letters or symbols: the server refuses these too, so we say so without asking it. */
  notANumber: 'That does not look like a phone number. Use digits only, for example +44\u00a07700\u00a0900123.',
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
  tooManyAttempts: {
    tone: 'error',
    heading: 'Too many attempts',
    body: 'Please wait a minute, then try again.',
  },
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

/** Signing in with a verified number, being signed in, signing out. */
export const account = {
  /** `serverMessage`: the server's own words ("You're signed up" / "Welcome back"), used as the heading. */
  signedUp: (serverMessage: string | undefined): Notice => ({
    tone: 'success',
    heading: nonEmpty(serverMessage) ?? "You're signed up",
    body: 'Your number is verified by your mobile network and your new account is ready.',
  }),
  welcomeBack: (serverMessage: string | undefined): Notice => ({
    tone: 'success',
    heading: nonEmpty(serverMessage) ?? 'Welcome back',
    body: 'Your number is verified by your mobile network. You are signed in to your account.',
  }),
  /** A refusal from the server: its `detail` says why, in words. */
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
  /** Announced when the page opens on an existing session. */
  restored: "You're signed in.",
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  signedOut: {
    tone: 'info',
    heading: "You're signed out",
    body: 'To sign in again, verify your number.',
  },
  signOutFailed: 'We could not sign you out. Check your connection and try again.',
} as const satisfies Record<string, Notice | string | ((...args: never[]) => Notice)>;

function nonEmpty(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

export const simulation = {
  connectionMobile: (operator: string, supported: boolean): string =>
    supported ? `Mobile data on ${operator}` : `Mobile data on ${operator} (operator not covered)`,
  connectionWifi: 'WiFi (no mobile data)',
  switched: (label: string): string => `Simulated phone switched to: ${label}.`,
  switchFailed: 'Could not switch the simulated phone. Please try again.',
  loadFailed: 'Could not load the simulated phones. Reload the page to try again.',
  numberUsed: (phoneNumber: string): string => `Filled in ${phoneNumber}.`,
} as const;
