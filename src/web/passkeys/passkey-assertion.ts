// One WebAuthn sign-in ceremony at a time (the browser allows no more), from the server's JSON options to
// the JSON credential it verifies. The browser's own JSON methods (PublicKeyCredential.
// parseRequestOptionsFromJSON and credential.toJSON(), in current Chromium, Firefox and Safari) do the
// conversions, so the first load carries no WebAuthn library for the autofill that starts there; a
// browser without them gets @simplewebauthn/browser's startAuthentication, fetched when first needed
// (passkey-assertion-fallback.ts).
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type * as Fallback from './passkey-assertion-fallback.js';

export interface PasskeyAssertion {
  /** Whether this browser can sign in with a passkey at all. */
  supported(): boolean;
  /** Whether it can offer passkeys in the autofill of the username field (conditional mediation). */
  autofillAvailable(): Promise<boolean>;
  /** Runs a ceremony; starting one ends the one under way, which then rejects with an AbortError. */
  get(optionsJSON: PublicKeyCredentialRequestOptionsJSON, options: { autofill: boolean }): Promise<AuthenticationResponseJSON>;
  /** Ends the ceremony under way, if any. */
  abort(): void;
}

export function createPasskeyAssertion(): PasskeyAssertion {
  let controller: AbortController | null = null;
  let fallback: Promise<typeof Fallback> | null = null;

  const native = (): boolean =>
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function' && typeof PublicKeyCredential.prototype.toJSON === 'function';

  const abort = (): void => {
    controller?.abort();
    controller = null;
    void fallback?.then((module) => module.cancel());
  };

  return {
    supported: () => typeof window.PublicKeyCredential === 'function',
    async autofillAvailable() {
      return typeof window.PublicKeyCredential === 'function' && (await PublicKeyCredential.isConditionalMediationAvailable?.()) === true;
    },
    async get(optionsJSON, { autofill }) {
      controller?.abort();
      controller = null;
      if (!native()) {
        // startAuthentication ends the library's own ceremony under way.
        fallback ??= import('./passkey-assertion-fallback.js');
        return (await fallback).assert(optionsJSON, autofill);
      }
      const ceremony = new AbortController();
      controller = ceremony;
      // The autofill lists this site's passkeys for the person to pick: it takes no allow list. (The
      // library's type lets extensions carry buffers; the server's options are JSON, as the DOM's type says.)
      const json = (autofill ? { ...optionsJSON, allowCredentials: [] } : optionsJSON) as globalThis.PublicKeyCredentialRequestOptionsJSON;
      const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(json);
      const credential = await navigator.credentials.get({ publicKey, signal: ceremony.signal, ...(autofill ? { mediation: 'conditional' as const } : {}) });
      if (controller === ceremony) controller = null;
      if (!(credential instanceof PublicKeyCredential)) throw new Error('No passkey was chosen');
      return credential.toJSON() as AuthenticationResponseJSON;
    },
    abort,
  };
}
