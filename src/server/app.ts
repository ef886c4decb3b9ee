// Builds the Simpass HTTP server from explicit parts, so tests pass real ones (the emulator, a fresh
// store) and a fake clock instead of patching modules.
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { TruIdClient } from '../truid/index.js';
import { registerApiCompression } from './api-compression.js';
import { registerCanonicalHost } from './canonical-host.js';
import { isLocalPlainHttp, metricsEnabled, type ServerConfig } from './config.js';
import { registerErrorHandling } from './error-handler.js';
import { flowCookie, sessionCookie } from './cookies.js';
import { handoffDesktopCookie, handoffPhoneCookie } from './handoff/handoff-cookies.js';
import { handoffEventRoutes } from './handoff/handoff-events.js';
import { createHandoffNotifier } from './handoff/handoff-notifier.js';
import { handoffRoutes } from './handoff/handoff-routes.js';
import { answerLivenessFirst } from './liveness-fast-path.js';
import type { LogStream } from './log-destination.js';
import { logRedactPaths, logSerializers } from './log-redaction.js';
import { registerMetricsRoute } from './metrics/metrics-endpoint.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { registerOpenApi } from './openapi/openapi.js';
import { HEALTH_DOCS } from './openapi/verification-api.js';
import { interactionPage } from './oidc/interaction-page.js';
import { registerOidcProvider } from './oidc/oidc-plugin.js';
import { isProviderPath } from './oidc/routes.js';
import { registerOriginCheck } from './origin-check.js';
import { OneLinePerRequest } from './request-logging.js';
import { relyingPartyFor } from './passkeys/relying-party.js';
import { passkeyRoutes } from './passkeys/routes.js';
import { createRateLimits } from './rate-limits/rate-limits.js';
import { configRoutes } from './routes/config-routes.js';
import { phoneCheckRoutes } from './routes/phone-check-routes.js';
import { readinessRoutes } from './routes/readiness-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { simulationRoutes } from './routes/simulation-routes.js';
import { protocolErrorOptions, refuseConnectRequests, requireHostHeader } from './protocol-errors.js';
import { apiSecurityHeaders, registerSecurityHeaders, securityHeaders } from './security-headers.js';
import type { Simulation } from './simulation.js';
import { recordAuditEvent, type AuditEventInput } from './storage/audit-repository.js';
import { createDbFlowStore } from './storage/flow-repository.js';
import type { DatabaseSchema } from './storage/schema.js';
import { truIdCallbackRoutes, CALLBACK_PATH } from './truid-callbacks/routes.js';
import { createTruIdKeys, type TruIdKeys } from './truid-callbacks/truid-keys.js';
import { registerWebClient } from './web-client.js';

export interface AppDeps {
  config: ServerConfig;
  truid: Pick<TruIdClient, 'phoneChecks' | 'subscriberChecks' | 'simChecks'>;
  /** The origin the browser uses for tru.ID (reachability), e.g. https://eu.api.tru.id or the emulator. */
  truIdApiBaseUrl: string;
  /** Opened and migrated by the caller (storage/database.ts), closed by the caller. */
  db: Kysely<DatabaseSchema>;
  /**
   * When REDIS_URL is set: rate-limit counters shared by every instance (rate-limits/redis-client.ts).
   * Created and closed by the caller, like the database; null keeps the counters in this process.
   */
  redis?: Redis | null;
  clock?: () => Date;
  /** Present in emulator mode only. */
  simulation?: Simulation | null;
  /** tru.ID's callback signing keys; default fetched from `${truIdApiBaseUrl}/.well-known/jwks.json`. */
  truIdKeys?: TruIdKeys;
  /** false silences logs; a stream receives them instead of stdout (main.ts picks one with log-destination.ts; tests read theirs for leaks). */
  logger?: false | { stream: LogStream };
  /**
   * The app's metrics (metrics/), made by the caller so the tru.ID client it made can report into them
   * (`createTruIdClient({ observer: metrics.truIdObserver })`). Absent: made here when METRICS_* asks
   * for them (without tru.ID's), else none are collected.
   */
  metrics?: Metrics | null;
  /** Sees every route as it is added (the OpenAPI test checks each one is described). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const https = new URL(config.publicUrl).protocol === 'https:';
  const secureCookies = !isLocalPlainHttp(config.publicUrl);
  const apiOrigin = new URL(deps.truIdApiBaseUrl).origin;
  // Emulator mode on this machine: a window may reach the emulator as its own simulated device, at <device>.localhost.
  const apiHost = new URL(apiOrigin);
  const loopbackEmulator = deps.simulation && ['localhost', '127.0.0.1', '[::1]'].includes(apiHost.hostname);
  const headers = securityHeaders({ apiOrigin: loopbackEmulator ? `${apiOrigin} http://*.localhost${apiHost.port ? `:${apiHost.port}` : ''}` : apiOrigin, https });
  const apiHeaders = apiSecurityHeaders({ https });

  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            serializers: logSerializers,
            redact: { paths: logRedactPaths, censor: '[redacted]' },
            ...(deps.logger ? { stream: deps.logger.stream } : {}),
          },
    genReqId: () => randomUUID(),
    // One log line per request instead of Fastify's two (request-logging.ts).
    logController: new OneLinePerRequest(),
    trustProxy: config.trustProxy,
    bodyLimit: 16 * 1024,
    // A phone number sent as a JSON number is a client bug; say so instead of quietly coercing it.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    ...protocolErrorOptions(headers),
  });
  refuseConnectRequests(app.server, headers);
  answerLivenessFirst(app.server, apiHeaders);
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);

  await app.register(fastifyCookie);
  registerErrorHandling(app);
  const metrics = deps.metrics ?? (metricsEnabled(config.metrics) ? createMetrics() : null);
  // Before any route: its hooks measure the routes added after it.
  metrics?.http.register(app);
  // Before any route too: it describes the routes added after it.
  await registerOpenApi(app);
  registerSecurityHeaders(app, { page: headers, api: apiHeaders });
  requireHostHeader(app);
  // The provider's endpoints are called by relying parties' servers (no Origin) and guard themselves
  // (client authentication, PKCE, the logout form's own CSRF token); our interaction API is checked.
  registerOriginCheck(app, config.publicUrl, { exempt: isProviderPath });
  registerCanonicalHost(app, config.publicUrl, { origin: config.oidc.issuer, isProviderPath });
  // Before any route exists: it decides per route, as routes are added.
  await registerApiCompression(app);
  // For load balancers and orchestration: answers on any host, touches nothing. Probes call it every few
  // seconds, so only its failures are logged.
  app.get('/healthz', { logLevel: 'warn', schema: HEALTH_DOCS }, () => ({ status: 'ok' }));
  if (metrics && config.metrics.token) registerMetricsRoute(app, metrics.registry, config.metrics.token);
  const rateLimits = createRateLimits({
    config: config.rateLimits,
    redis: deps.redis ?? null,
    keyPrefix: config.redisKeyPrefix,
    log: app.log,
    clock,
  });
  await app.register(readinessRoutes({ db: deps.db, redis: deps.redis ?? null, redisStatus: rateLimits.store }));

  await app.register(configRoutes({ truIdApiBaseUrl: apiOrigin, emulator: Boolean(deps.simulation), defaultCountry: config.defaultCountry }));
  const flowCookieSpec = flowCookie(secureCookies, config.flowTtlSeconds);
  const flows = createDbFlowStore(deps.db);
  const audit = (event: AuditEventInput) => recordAuditEvent(deps.db, event);
  // tru.ID's signed end-state callbacks (truid-callbacks/). Asked for only where tru.ID can reach us: a
  // public https origin, or the emulator on this machine; a plain-http local origin gets none.
  const callbackUrl = https || deps.simulation ? `${config.publicUrl}${CALLBACK_PATH}` : undefined;
  await app.register(
    truIdCallbackRoutes({
      db: deps.db,
      keys: deps.truIdKeys ?? createTruIdKeys({ jwksUrl: `${apiOrigin}/.well-known/jwks.json`, clock }),
      flows,
      clock,
      funnel: metrics?.funnel,
    }),
  );
  await app.register(
    phoneCheckRoutes(
      {
        truid: deps.truid,
        flows,
        clock,
        defaultCountry: config.defaultCountry,
        redirectUrl: `${config.publicUrl}/api/phone-check/redirect`,
        ...(callbackUrl !== undefined ? { callbackUrl } : {}),
        flowTtlSeconds: config.flowTtlSeconds,
        audit,
        admitCheck: rateLimits.admitCheck,
        simSwap: config.simSwap,
        funnel: metrics?.funnel,
      },
      flowCookieSpec,
    ),
  );
  const sessionPolicy = { idleTimeoutSeconds: config.sessionIdleTimeoutSeconds, absoluteLifetimeSeconds: config.sessionLifetimeSeconds };
  const sessionCookieSpec = sessionCookie(secureCookies, config.sessionLifetimeSeconds);
  const simSwap = { settings: config.simSwap, simChecks: deps.truid.simChecks };
  await app.register(
    sessionRoutes({
      db: deps.db,
      clock,
      sessionPolicy,
      flowCookie: flowCookieSpec,
      sessionCookie: sessionCookieSpec,
      admitSignIn: rateLimits.admitSignIn,
      simSwap,
      funnel: metrics?.funnel,
    }),
  );
  // Hand-off from a desktop to a phone (handoff/).
  const handoffDeps = {
    db: deps.db,
    clock,
    publicUrl: config.publicUrl,
    defaultCountry: config.defaultCountry,
    sessionPolicy,
    simSwap,
    notifier: createHandoffNotifier(),
    funnel: metrics?.funnel,
  };
  const desktopCookie = handoffDesktopCookie(secureCookies);
  await app.register(
    handoffRoutes({
      ...handoffDeps,
      admitHandoff: rateLimits.admitHandoff,
      cookies: { desktop: desktopCookie, phone: handoffPhoneCookie(secureCookies), flow: flowCookieSpec, session: sessionCookieSpec },
    }),
  );
  await app.register(handoffEventRoutes({ ...handoffDeps, desktopCookie }));
  await app.register(
    passkeyRoutes({
      db: deps.db,
      clock,
      relyingParty: relyingPartyFor(config.publicUrl),
      sessionPolicy,
      sessionCookie: sessionCookieSpec,
      admitPasskeySignIn: rateLimits.admitPasskeySignIn,
    }),
  );
  await app.register(simulationRoutes(deps.simulation ?? null));
  // The OpenID Connect provider (oidc/).
  await registerOidcProvider(app, {
    config: config.oidc,
    db: deps.db,
    clock,
    emulator: Boolean(deps.simulation),
    trustProxy: config.trustProxy,
    sessionPolicy,
    sessionCookie: sessionCookieSpec,
    headers,
    webRoot: config.webRoot,
  });
  await registerWebClient(app, config.webRoot);
  interactionPage(app);
  return app;
}
