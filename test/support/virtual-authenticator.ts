// Chromium's virtual WebAuthn authenticator (DevTools protocol WebAuthn domain), for the browser tests
// that sign in with a passkey: CTAP2, internal transport, resident keys, user verification.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
}

/** A platform authenticator with resident keys and user verification that always says yes. */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<VirtualAuthenticator> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/**
 * Chromium's virtual authenticator answers the autofill (conditional) request by itself as soon as it
 * holds a passkey for the site — no person picks it from a list. To test the button, the phone's browser
 * is one without autofill support (as some browsers are): then the button is the only way in.
 */
export const WITHOUT_AUTOFILL = 'PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);';
