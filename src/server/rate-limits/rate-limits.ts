// Builds the rate limits from configuration: shared in Redis when the server was given a Redis
// client (REDIS_URL), in this process otherwise.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimitConfig } from '../config.js';
import { createCheckAdmission, type AdmitCheck } from './check-admission.js';
import type { SharedStore } from './limiter.js';
import { createHandoffAdmission, type AdmitHandoff } from './handoff-admission.js';
import { createSignInAdmission, type AdmitSignIn } from './sign-in-admission.js';
import { watchStore, type StoreStatus } from './store-status.js';

export interface RateLimits {
  admitCheck: AdmitCheck;
  admitSignIn: AdmitSignIn;
  admitHandoff: AdmitHandoff;
  /** Passkey sign-in requests per address (passkeys/routes.ts): the same rules as admitSignIn, its own counter. */
  admitPasskeySignIn: AdmitSignIn;
  /** null without Redis. */
  store: StoreStatus | null;
}

const OUTAGE_POLICY = 'new verifications are refused (503) until it is back; sign-in attempts are limited per instance meanwhile';

export function createRateLimits(options: {
  config: RateLimitConfig;
  redis: Redis | null;
  keyPrefix: string;
  log: FastifyBaseLogger;
  clock: () => Date;
}): RateLimits {
  const status = options.redis ? watchStore(options.redis, options.log, OUTAGE_POLICY) : null;
  const store: SharedStore | null = options.redis && status ? { redis: options.redis, keyPrefix: options.keyPrefix, status } : null;
  return {
    admitCheck: createCheckAdmission(options.config, store, options.clock),
    admitSignIn: createSignInAdmission(options.config.signInsPerIp, store),
    admitHandoff: createHandoffAdmission(options.config.handoffsPerIp, store),
    admitPasskeySignIn: createSignInAdmission(options.config.passkeySignInsPerIp, store, 'passkey-sign-ins-ip'),
    store: status,
  };
}
