// For a browser without WebAuthn's JSON methods (passkey-assertion.ts): @simplewebauthn/browser converts
// the options and the credential instead. A chunk of its own, fetched only by such a browser.
import { startAuthentication, WebAuthnAbortService, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';

export function assert(optionsJSON: PublicKeyCredentialRequestOptionsJSON, autofill: boolean): Promise<AuthenticationResponseJSON> {
  return startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
}

export function cancel(): void {
  WebAuthnAbortService.cancelCeremony();
}
