// GET /readyz: can this instance do its work right now? For a load balancer or orchestrator to stop
// sending traffic to an instance that would only answer errors. /healthz (app.ts) stays process-only:
// restarting a process because its database is down would not bring the database back.
import { READY_DOCS } from '../openapi/verification-api.js';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import { FlowError } from '../errors.js';
import type { StoreStatus } from '../rate-limits/store-status.js';
import type { DatabaseSchema } from '../storage/schema.js';

/** A probe that takes longer is as good as down: the caller of /readyz has its own, short timeout. */
const PROBE_TIMEOUT_MS = 2000;

export interface ReadinessDeps {
  db: Kysely<DatabaseSchema>;
  /** Only when REDIS_URL is set: Redis is then part of being ready. */
  redis: Redis | null;
  redisStatus: StoreStatus | null;
}

export function readinessRoutes(deps: ReadinessDeps) {
  return function register(app: FastifyInstance): void {
    app.get('/readyz', { schema: READY_DOCS }, async (_request, reply) => {
      const [database, redis] = await Promise.all([
        probe(() => sql`select 1`.execute(deps.db)),
        deps.redis ? probe(() => deps.redis!.ping()) : Promise.resolve(null),
      ]);
      // The ping is news about the outage too: logged once there, whichever way it went.
      if (redis && deps.redisStatus) {
        if (redis.ok) deps.redisStatus.recovered();
        else deps.redisStatus.failed(redis.error);
      }
      void reply.header('cache-control', 'no-store');
      const down = [...(database.ok ? [] : ['the database']), ...(redis && !redis.ok ? ['Redis (the shared rate-limit counters)'] : [])];
      if (down.length > 0) {
        throw new FlowError('not_ready', `Not ready: ${down.join(' and ')} cannot be reached.`);
      }
      return { status: 'ready', checks: { database: 'ok', redis: redis ? 'ok' : 'not used' } };
    });
  };
}

type ProbeResult = { ok: true } | { ok: false; error: unknown };

async function probe(run: () => Promise<unknown>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}
