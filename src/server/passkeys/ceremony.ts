// What registration and sign-in share: their dependencies, the algorithms we accept, reading the
// challenge a response answers, and refusals (audited, then told in words).
import type { Kysely } from 'kysely';
import { FlowError } from '../errors.js';
import type { RequestContext } from '../request-context.js';
import { recordAuditEvent, type AuditDetail } from '../storage/audit-repository.js';
import type { DatabaseSchema } from '../storage/schema.js';
import type { RelyingParty } from './relying-party.js';

export interface PasskeyDeps {
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  relyingParty: RelyingParty;
}

/** EdDSA, ES256, RS256: what platform authenticators and security keys make. Named so generation and verification agree. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

/** The base64url challenge inside a response's clientDataJSON, or null when it cannot be read. */
export function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 4096) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const challenge = (parsed as Record<string, unknown>).challenge;
    return typeof challenge === 'string' ? challenge : null;
  } catch {
    return null;
  }
}

/** Why a ceremony was refused, as the audit trail records it. */
export type RefusalReason =
  | 'malformed_response'
  | 'unknown_challenge'
  | 'expired_challenge'
  | 'wrong_account'
  | 'unknown_passkey'
  | 'account_retired'
  | 'user_handle_mismatch'
  | 'verification_failed'
  | 'counter_regression'
  | 'already_registered';

/** Records `passkey.refused` and returns the FlowError to throw; `detail` never holds key material. */
export async function refuse(
  deps: Pick<PasskeyDeps, 'db' | 'clock'>,
  input: {
    ceremony: 'registration' | 'authentication';
    reason: RefusalReason;
    words: string;
    userId?: string | null;
    passkeyId?: string | null;
    context: RequestContext;
    detail?: AuditDetail;
  },
): Promise<FlowError> {
  await recordAuditEvent(deps.db, {
    event: 'passkey.refused',
    at: deps.clock(),
    userId: input.userId ?? null,
    ip: input.context.ip,
    userAgent: input.context.userAgent,
    detail: { ceremony: input.ceremony, reason: input.reason, passkey: input.passkeyId ?? null, ...input.detail },
  });
  return new FlowError('passkey_refused', input.words, undefined, { extensions: { reason: input.reason } });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
