// The words the script puts on the first screen. Static page copy (title, labels, button names, privacy
// note) lives in index.html so the page reads correctly before the script runs. What later steps say
// comes with their code: check-messages.ts (the check, signing in and out), simulation-messages.ts,
// handoff/, oidc/ and passkeys/ have their own.

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
      'Your number is verified through your mobile network, so this phone must be on mobile data. ' +
      'Turn off WiFi: the page notices by itself, or press Check again. Added a passkey before? Sign in with it below.',
  },
  /** One wording for an operator tru.ID does not verify: "not covered" (the page, the panel, the README). */
  unsupportedOperator: {
    tone: 'error',
    heading: 'Your mobile network is not covered yet',
    body: 'Numbers on your mobile operator cannot be verified this way yet. Please try again later, or sign in below with a passkey you added before.',
  },
  unavailable: {
    tone: 'error',
    heading: 'Something went wrong',
    body: 'We could not check your connection. Please check again in a moment.',
  },
  offline: {
    tone: 'error',
    heading: "You're offline",
    body: 'Connect this phone to mobile data. The page checks again by itself once you are back online.',
  },
  /** Live mode on a computer: the check needs the SIM's own mobile data (cross-device SIM sign-in does not exist yet); a passkey works here. */
  desktop: (pageUrl: string): Notice => ({
    tone: 'info',
    heading: 'Sign in on your phone',
    body:
      'Simpass verifies your number through your mobile network, so sign-in needs a phone on mobile data — or a passkey you added before (below). ' +
      `On your phone, with WiFi off, open ${pageUrl}`,
  }),
} as const satisfies Record<string, Notice | string | ((...args: never[]) => Notice)>;

export const form = {
  submit: 'Verify my number',
  verifying: 'Verifying…',
} as const;

/** The page opened on an existing session (the signed-in card's heading and first line). */
export const restored: Notice = {
  tone: 'success',
  heading: "You're signed in",
  body: 'Your mobile network confirmed this number: no password, no SMS code.',
};

/** The check's code could not be fetched when the form was sent (offline, or a new version of the page). */
export const checkUnavailable: Notice = {
  tone: 'error',
  heading: 'Something went wrong',
  body: 'We could not start the verification. Please check your connection and try again.',
};
