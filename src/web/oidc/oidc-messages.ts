// The words of the "Sign in with Simpass" parts of the page: signing in for an application, its consent
// screen, and the signed-in card's connected applications (as messages.ts for the rest).
import type { Notice } from '../messages.js';

/** "Simpass demo app at localhost:4001": the name an application gives itself, and where its answer really goes. */
export function applicationAt(name: string, host: string | null): string {
  return host === null || host === '' ? name : `${name} at ${host}`;
}

/** What an application learns with each scope, in the person's words. */
const scopeWords: Readonly<Record<string, string>> = {
  openid: 'An identifier for you (not your phone number), the same each time you sign in to it',
  phone: 'Your phone number, verified by your mobile network',
};

export function scopeMeaning(scope: string): string {
  return Object.hasOwn(scopeWords, scope) ? scopeWords[scope]! : `Access it calls “${scope}”`;
}

/** Short form for the connected-applications list: "your phone number", "an identifier for you". */
const scopeShort: Readonly<Record<string, string>> = {
  openid: 'an identifier for you',
  phone: 'your verified phone number',
};

export function scopesInShort(scopes: readonly string[]): string {
  const words = scopes.map((scope) => (Object.hasOwn(scopeShort, scope) ? scopeShort[scope]! : `“${scope}”`));
  return words.length === 0 ? 'nothing yet' : words.join(', ');
}

export const oidcMessages = {
  signInFor: (application: string): Notice => ({
    tone: 'info',
    heading: `Sign in to continue to ${application}`,
    body: 'Prove your phone number below — with your mobile network, a passkey, or your phone. Then you choose what the application may learn.',
  }),
  signInAgainFor: (application: string): Notice => ({
    tone: 'info',
    heading: `Sign in to continue to ${application}`,
    body: 'The application asks for a fresh proof of your number. Prove it again below — with your mobile network, a passkey, or your phone.',
  }),
  loading: { tone: 'info', heading: 'Loading…', body: 'Getting the sign-in request from the application.' } satisfies Notice,
  continuing: (application: string): Notice => ({
    tone: 'info',
    heading: `Continuing to ${application}…`,
    body: 'Your number is proven. Taking you on.',
  }),
  returning: (application: string): Notice => ({
    tone: 'info',
    heading: `Returning to ${application}…`,
    body: 'Taking you back to the application.',
  }),
  expired: (application: string | null): Notice => ({
    tone: 'error',
    heading: 'This sign-in request has expired',
    body: `This sign-in request has expired. Go back to ${application ?? 'the application'} and start again.`,
  }),
  notFresh: (application: string): Notice => ({
    tone: 'error',
    heading: 'Please prove your number again',
    body: `${application} asks for a recent proof of your number. Sign in again below.`,
  }),
  failed: {
    tone: 'error',
    heading: 'Something went wrong',
    body: 'We could not pass your answer to the application. Check your connection and try again.',
  } satisfies Notice,
  consentHeading: (application: string): string => `${application} wants to know:`,
  allowing: 'Sharing and returning to the application…',
  denying: 'Not sharing; returning to the application…',
  // Connected applications on the signed-in card.
  connectedSince: (date: string, scopes: readonly string[]) => `Can see ${scopesInShort(scopes)} · since ${date}`,
  confirmRemoval: (name: string) => `Remove access for ${name}?`,
  removalMeans: (name: string) =>
    `${name} will no longer get your number from Simpass: the next time you use “Sign in with Simpass” there, it must ask you again. What it already stored is kept by ${name}.`,
  removed: (name: string) => `Access removed: ${name} must ask you again before it learns anything.`,
  removeFailed: 'We could not remove the access. Please try again.',
  loadFailed: 'We could not load your connected applications. Reload the page to try again.',
};
