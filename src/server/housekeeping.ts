// Periodic cleanup of rows nobody can use any more: expired sessions, long-finished flows, and audit
// events past their retention. Runs on every instance; the deletes are idempotent, so several
// instances sharing one database only repeat a little work. Each delete uses an index on its time
// column (migrations/0001-initial.ts).
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { deleteExpiredHandoffs } from './handoff/handoff-repository.js';
import { deleteExpiredOidcPayloads } from './oidc/adapter.js';
import { deleteExpiredChallenges } from './passkeys/challenges.js';
import { deleteAuditEventsBefore } from './storage/audit-repository.js';
import { deleteExpiredFlows } from './storage/flow-repository.js';
import type { DatabaseSchema } from './storage/schema.js';
import { deleteExpiredCallbackReceipts } from './truid-callbacks/callback-receipts.js';
import { deleteExpiredSessions } from './storage/session-repository.js';

/** Finished flows are kept a day after expiry, for support questions ("why did my check fail?"). */
export const FLOW_RETENTION_MS = 24 * 3600 * 1000;

export interface HousekeepingPolicy {
  /** Audit events older than this many days are deleted (AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
}

export interface HousekeepingResult {
  sessions: number;
  flows: number;
  handoffs: number;
  auditEvents: number;
  /** Passkey challenges nobody answered in time. */
  passkeyChallenges: number;
  /** The OpenID Connect provider's expired codes, tokens, grants, sessions and interactions. */
  oidcPayloads: number;
  /** Receipts of tru.ID callbacks whose Date is out of bounds anyway (truid-callbacks/). */
  truidCallbackReceipts: number;
}

/** One pass, as of `now`. */
export async function runHousekeeping(db: Kysely<DatabaseSchema>, now: Date, policy: HousekeepingPolicy): Promise<HousekeepingResult> {
  const sessions = await deleteExpiredSessions(db, now);
  const flows = await deleteExpiredFlows(db, new Date(now.getTime() - FLOW_RETENTION_MS));
  // Hand-offs as flows: a day past expiry (the audit trail keeps their story longer).
  const handoffs = await deleteExpiredHandoffs(db, new Date(now.getTime() - FLOW_RETENTION_MS));
  const auditEvents = await deleteAuditEventsBefore(db, new Date(now.getTime() - policy.auditRetentionDays * 24 * 3600 * 1000));
  const passkeyChallenges = await deleteExpiredChallenges(db, now);
  const oidcPayloads = await deleteExpiredOidcPayloads(db, now);
  const truidCallbackReceipts = await deleteExpiredCallbackReceipts(db, now);
  return { sessions, flows, handoffs, auditEvents, passkeyChallenges, oidcPayloads, truidCallbackReceipts };
}

export function startHousekeeping(
  db: Kysely<DatabaseSchema>,
  options: HousekeepingPolicy & { clock: () => Date; log: FastifyBaseLogger; intervalMs?: number },
): () => void {
  const run = async () => {
    try {
      const removed = await runHousekeeping(db, options.clock(), options);
      if (Object.values(removed).some((count) => count > 0)) options.log.info(removed, 'housekeeping removed expired rows');
    } catch (error) {
      options.log.warn({ err: error }, 'housekeeping failed; will retry');
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 10 * 60 * 1000);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
