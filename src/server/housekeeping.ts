// Periodic cleanup of rows nobody can use any more: expired sessions and long-finished flows.
// Runs on every instance; the deletes are idempotent, so several instances sharing one database
// only repeat a little work.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { deleteExpiredFlows } from './storage/flow-repository.js';
import type { DatabaseSchema } from './storage/schema.js';
import { deleteExpiredSessions } from './storage/session-repository.js';

/** Finished flows are kept a day after expiry, for support questions ("why did my check fail?"). */
const FLOW_RETENTION_MS = 24 * 3600 * 1000;

export function startHousekeeping(
  db: Kysely<DatabaseSchema>,
  options: { clock: () => Date; log: FastifyBaseLogger; intervalMs?: number },
): () => void {
  const run = async () => {
    const now = options.clock();
    try {
      const sessions = await deleteExpiredSessions(db, now);
      const flows = await deleteExpiredFlows(db, new Date(now.getTime() - FLOW_RETENTION_MS));
      if (sessions + flows > 0) options.log.info({ sessions, flows }, 'housekeeping removed expired rows');
    } catch (error) {
      options.log.warn({ err: error }, 'housekeeping failed; will retry');
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 10 * 60 * 1000);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
