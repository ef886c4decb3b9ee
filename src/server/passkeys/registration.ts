// Adding a passkey to the signed-in account: options for navigator.credentials.create() (a discoverable
// credential, so sign-in needs no number typed; user verification preferred; none of the passkeys the
// account already has on this authenticator), then the browser's answer verified against the one
// challenge issued for this account.
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { formatPhoneNumberForOwner } from '../phone-number.js';
import type { RequestContext } from '../request-context.js';
import { recordAuditEvent } from '../storage/audit-repository.js';
import type { UserRecord } from '../storage/user-repository.js';
import { CHALLENGE_TTL_SECONDS, consumeChallenge, issueChallenge } from './challenges.js';
import { challengeOf, messageOf, refuse, SUPPORTED_ALGORITHMS, type PasskeyDeps } from './ceremony.js';
import { findPasskeyByCredentialId, insertPasskey, listPasskeys, type PasskeyRecord } from './credential-repository.js';

export async function registrationOptions(deps: PasskeyDeps, user: UserRecord): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(deps.db, user.id);
  const challenge = await issueChallenge(deps.db, { purpose: 'registration', userId: user.id, now: deps.clock() });
  // The number is the account's name in the browser's passkey list: it is what the person knows the account by.
  const number = formatPhoneNumberForOwner(user.phoneNumber);
  return generateRegistrationOptions({
    rpName: deps.relyingParty.name,
    rpID: deps.relyingParty.id,
    userName: number,
    userDisplayName: number,
    // The user handle: our account id (a random UUID, nothing personal), so a sign-in can be matched to it.
    userID: isoBase64URL.toBuffer(Buffer.from(user.id, 'utf8').toString('base64url')),
    challenge: isoBase64URL.toBuffer(challenge),
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: [...passkey.transports] })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
}

export async function addPasskey(
  deps: PasskeyDeps,
  input: { user: UserRecord; response: RegistrationResponseJSON; name?: string; context: RequestContext },
): Promise<PasskeyRecord> {
  const { user, response, context } = input;
  const refused = (reason: Parameters<typeof refuse>[1]['reason'], words: string, detail?: Record<string, string>) =>
    refuse(deps, { ceremony: 'registration', reason, words, userId: user.id, context, ...(detail ? { detail } : {}) });
  const now = deps.clock();

  const challenge = challengeOf(response.response.clientDataJSON);
  if (challenge === null) throw await refused('malformed_response', 'Your browser sent an answer we could not read. Please try again.');
  const consumed = await consumeChallenge(deps.db, { challenge, purpose: 'registration', now });
  if (!consumed.ok) {
    throw await refused(consumed.reason, 'This passkey request is no longer valid (it expired or was already used). Please try again.');
  }
  if (consumed.userId !== user.id) {
    throw await refused('wrong_account', 'This passkey request was made for another account. Please try again.');
  }

  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: deps.relyingParty.origin,
      expectedRPID: deps.relyingParty.id,
      requireUserVerification: false,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (error) {
    throw await refused('verification_failed', 'Your passkey could not be checked, so it was not added. Please try again.', { error: messageOf(error) });
  }
  if (!verified.verified) throw await refused('verification_failed', 'Your passkey could not be checked, so it was not added. Please try again.');

  const info = verified.registrationInfo;
  if (await findPasskeyByCredentialId(deps.db, info.credential.id)) {
    throw await refused('already_registered', 'This passkey is already added to an account.');
  }
  const count = (await listPasskeys(deps.db, user.id)).length;
  const passkey = await insertPasskey(deps.db, {
    credentialId: info.credential.id,
    userId: user.id,
    publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
    signCount: info.credential.counter,
    transports: info.credential.transports ?? response.response.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    aaguid: info.aaguid,
    name: input.name?.trim() || defaultPasskeyName(context.userAgent, count + 1),
    createdAt: now,
  });
  await recordAuditEvent(deps.db, {
    event: 'passkey.added',
    at: now,
    userId: user.id,
    ip: context.ip,
    userAgent: context.userAgent,
    detail: { passkey: passkey.id, device_type: passkey.deviceType, backed_up: passkey.backedUp, aaguid: passkey.aaguid },
  });
  return passkey;
}

/** A name the person can recognise in the list until they choose their own: where it was added. */
export function defaultPasskeyName(userAgent: string | null, ordinal: number): string {
  const ua = userAgent ?? '';
  const where = /iPhone|iPad/.test(ua)
    ? 'iPhone or iPad'
    : /Android/.test(ua)
      ? 'Android'
      : /Macintosh|Mac OS X/.test(ua)
        ? 'Mac'
        : /Windows/.test(ua)
          ? 'Windows'
          : /CrOS/.test(ua)
            ? 'Chromebook'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  return where ? `Passkey on ${where}` : `Passkey ${ordinal}`;
}
