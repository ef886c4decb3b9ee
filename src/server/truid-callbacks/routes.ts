// `POST /api/truid/callback`: tru.ID's signed report that a check reached an end state. Server to
// server: no cookies, no Origin. It is exempt from the browser Origin check (origin-check.ts) only
// because every request must carry tru.ID's signature, checked before anything is read or changed:
// 1. at most CALLBACKS_PER_MINUTE per source address (refused before the body is read);
// 2. a JSON body of at most BODY_LIMIT bytes, kept raw for the Digest;
// 3. the signature, Date and Digest (signature-check.ts), against tru.ID's published keys (truid-keys.ts);
// 4. the body (callback-payload.ts), then a receipt for this signed message (a replay is refused);
// 5. the flow's end state and audit trail (record-callback.ts). Never a session.
// Every refusal is problem+json; 200 (what tru.ID expects: anything else is retried) once recorded, or
// when there is nothing of ours to record.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { FlowError } from '../errors.js';
import { TRUID_CALLBACK_DOCS } from '../openapi/truid-callback-api.js';
import { createPerAddressAdmission, type AdmitPerAddress } from '../rate-limits/per-address-admission.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { recordCallbackReceipt } from './callback-receipts.js';
import { readCallbackPayload } from './callback-payload.js';
import { recordCallback, type RecordCallbackDeps } from './record-callback.js';
import { CLOCK_SKEW_MS, verifyCallbackSignature } from './signature-check.js';
import type { TruIdKeys } from './truid-keys.js';

export const CALLBACK_PATH = '/api/truid/callback';
/** A check's callback is well under 1 KB. */
const BODY_LIMIT = 8 * 1024;
/**
 * Every callback comes from tru.ID's few addresses, one per check that ends, so this is far above the
 * daily spend cap's rate; it bounds the work (a signature check, a key-set fetch) a flood can cause.
 */
const CALLBACKS_PER_MINUTE = 600;

export interface TruIdCallbackDeps extends RecordCallbackDeps {
  db: Kysely<DatabaseSchema>;
  keys: TruIdKeys;
  /** Per source address; default CALLBACKS_PER_MINUTE counted in this process. */
  admit?: AdmitPerAddress;
}

export function truIdCallbackRoutes(deps: TruIdCallbackDeps) {
  const admit =
    deps.admit ??
    createPerAddressAdmission(
      { name: 'truid-callbacks-ip', code: 'too_many_callbacks_from_address', reason: 'Too many callbacks came from this address.' },
      { points: CALLBACKS_PER_MINUTE, windowSeconds: 60 },
      null,
    );
  return function register(app: FastifyInstance): void {
    // This plugin's own parsers: JSON only, kept as the bytes received (the Digest is over them).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post(
      CALLBACK_PATH,
      {
        bodyLimit: BODY_LIMIT,
        config: { originCheck: 'signature' },
        schema: TRUID_CALLBACK_DOCS,
        onRequest: async (request) => admit({ ip: request.ip }),
      },
      async (request, reply) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const now = deps.clock();
        const verified = await verifyCallbackSignature({ method: request.raw.method ?? 'POST', url: request.raw.url ?? request.url, headers: request.headers, rawBody }, deps.keys, now);
        const payload = readCallbackPayload(rawBody, request.headers['x-tru-callback']);
        const first = await recordCallbackReceipt(deps.db, {
          signature: verified.signature,
          checkId: payload.check.check_id,
          status: payload.check.status,
          receivedAt: now,
          expiresAt: new Date(verified.date.getTime() + CLOCK_SKEW_MS),
        });
        if (!first) throw new FlowError('callback_replayed', 'This signed callback was already received; a copy changes nothing.');
        const effect = await recordCallback(deps, payload, { ip: request.ip, userAgent: null });
        request.log.info({ checkId: payload.check.check_id, status: payload.check.status, effect }, 'tru.ID callback received');
        return reply.code(200).send({ data: { effect } });
      },
    );
  };
}
