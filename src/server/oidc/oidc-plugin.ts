// Wires the OpenID Connect provider into the server: its relying parties (the clients file, or the
// demo client in emulator mode), its keys (created once in the database), oidc-provider itself, the
// mount that hands it its requests, and our interaction and consent APIs.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import type { OidcConfig } from '../config.js';
import type { CookieSpec } from '../cookies.js';
import type { SessionPolicy } from '../sessions.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { loadOidcClients } from './clients-file.js';
import { consentRoutes } from './consent-routes.js';
import { interactionRoutes } from './interaction-routes.js';
import { mountProvider } from './mount.js';
import { createOidcProvider } from './provider.js';
import { builtStylesheetHref } from './provider-pages.js';
import { loadProviderKeys } from './provider-keys.js';
import { simpassSessionReader } from './simpass-session.js';

export interface OidcDeps {
  config: OidcConfig;
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  /** Emulator mode: without a clients file, the demo client exists. */
  emulator: boolean;
  trustProxy: boolean;
  sessionPolicy: SessionPolicy;
  sessionCookie: CookieSpec;
  /** The security headers every answer carries (security-headers.ts). */
  headers: Readonly<Record<string, string>>;
  /** Where the built page lives: the provider's own pages use its stylesheet. */
  webRoot: string;
}

export async function registerOidcProvider(app: FastifyInstance, deps: OidcDeps): Promise<Provider> {
  const clients = await loadOidcClients({ file: deps.config.clientsFile, emulator: deps.emulator, demoRedirectUri: deps.config.demoRedirectUri });
  const readSimpassSession = simpassSessionReader({ db: deps.db, clock: deps.clock, sessionPolicy: deps.sessionPolicy, sessionCookieName: deps.sessionCookie.name });
  const provider = await createOidcProvider({
    issuer: deps.config.issuer,
    db: deps.db,
    clock: deps.clock,
    clients,
    clientsFile: deps.config.clientsFile,
    keys: await loadProviderKeys(deps.db, deps.clock),
    sessionPolicy: deps.sessionPolicy,
    readSimpassSession,
    trustProxy: deps.trustProxy,
    stylesheetHref: builtStylesheetHref(deps.webRoot),
    log: app.log,
  });
  await app.register(mountProvider({ provider, headers: deps.headers, db: deps.db, sessionCookie: deps.sessionCookie }));
  const routeDeps = { provider, db: deps.db, clock: deps.clock, readSimpassSession };
  await app.register(interactionRoutes(routeDeps));
  await app.register(consentRoutes(routeDeps));
  return provider;
}
