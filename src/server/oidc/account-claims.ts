// What a relying party learns about an account, per scope: `openid` the subject, `phone` the number
// the mobile network proved (E.164) and that it is verified. Nothing else exists to share.
import type { Account, FindAccount } from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import { findActiveUserBySubject } from './subjects.js';

export const SCOPE_CLAIMS = {
  openid: ['sub'],
  phone: ['phone_number', 'phone_number_verified'],
} as const;

export type OfferedScope = keyof typeof SCOPE_CLAIMS;

export function isOfferedScope(scope: string): scope is OfferedScope {
  return Object.hasOwn(SCOPE_CLAIMS, scope);
}

/** oidc-provider's findAccount: the account behind a `sub`, while it is active (a retired account is no one). */
export function findAccountBySubject(db: Kysely<DatabaseSchema>): FindAccount {
  return async (_ctx, sub): Promise<Account | undefined> => {
    const user = await findActiveUserBySubject(db, sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      // oidc-provider keeps only the claims of the scopes the person granted.
      claims: () => ({ sub, phone_number: user.phoneNumber, phone_number_verified: true }),
    };
  };
}
