// The words of the signed-in card's passkeys (as messages.ts for the rest of the page); signing in with
// a passkey has its own (passkey-sign-in-messages.ts), on the first load.

export const passkeyMessages = {
  unsupported: 'This browser cannot use passkeys.',
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
