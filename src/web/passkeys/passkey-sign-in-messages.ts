// The words of signing in with a passkey from the first screen (passkey-messages.ts has the signed-in card's).
import type { Notice } from '../messages.js';

export const passkeySignInMessages = {
  signedIn: (serverMessage: string | undefined): Notice => ({
    tone: 'success',
    heading: serverMessage && serverMessage.trim() !== '' ? serverMessage : 'Welcome back',
    body: 'You signed in with your passkey. Your number was proven by your mobile network when you added it.',
  }),
  signingIn: 'Signing you in with your passkey…',
  cancelled: 'Signing in with a passkey was cancelled. You can try again, or verify your number instead.',
  failed: 'We could not sign you in with a passkey. Please try again, or verify your number with your mobile network.',
};
