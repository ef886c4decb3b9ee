// The words of the passkey parts of the page, in one place (as messages.ts for the rest).
import type { Notice } from '../messages.js';

export const passkeyMessages = {
  signedIn: (serverMessage: string | undefined): Notice => ({
    tone: 'success',
    heading: serverMessage && serverMessage.trim() !== '' ? serverMessage : 'Welcome back',
    body: 'You signed in with your passkey. Your number was proven by your mobile network when you added it.',
  }),
  signingIn: 'Signing you in with your passkey…',
  cancelled: 'Signing in with a passkey was cancelled. You can try again, or verify your number instead.',
  unsupported: 'This browser cannot use passkeys.',
  failed: 'We could not sign you in with a passkey. Please try again, or verify your number with your mobile network.',
  added: (name: string) => `Passkey added: ${name}. Next time, sign in with it on any connection.`,
  addCancelled: 'No passkey was added.',
  addFailed: 'We could not add a passkey. Please try again.',
  alreadyHere: 'This device already has a passkey for your account.',
  offerDismissed: 'OK, we will not ask again for a while. You can add a passkey below at any time.',
  renamed: (name: string) => `Renamed to ${name}.`,
  removed: (name: string) => `Removed ${name}.`,
  failedAction: 'That did not work. Please try again.',
  none: 'You have no passkeys yet.',
  added_on: (date: string) => `Added ${date}`,
  lastUsed: (date: string | null) => (date ? `last used ${date}` : 'not used yet'),
};
