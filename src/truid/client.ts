// The client: one http path + one token cache, and the thin resources over them. Each client owns its
// connection pool (no module-level singletons): `close()` ends it.
import type { Dispatcher } from 'undici';
import type { TruIdConfig } from './config.js';
import { createCoverage, type Coverage } from './coverage.js';
import { createHttp, type ApiRequest, type TruIdRetryOptions, type TruIdTimeouts } from './http.js';
import { createPhoneChecks, createPhoneChecksV01, type PhoneChecks, type PhoneChecksV01 } from './phone-checks.js';
import { createSimChecks, type SimChecks } from './sim-checks.js';
import { createSubscriberChecks, type SubscriberChecks } from './subscriber-checks.js';
import type { TruIdObserver } from './observer.js';
import { createTokenCache, withAccessToken, type Clock, type TokenRequestOptions } from './tokens.js';

export interface TruIdClient {
  /** PhoneCheck v0.2: create → device opens check_url → complete with the code. */
  phoneChecks: PhoneChecks;
  /** PhoneCheck v0.1: create → device opens check_url → get. */
  phoneChecksV01: PhoneChecksV01;
  /** SubscriberCheck v0.2. */
  subscriberChecks: SubscriberChecks;
  /** SIMCheck v0.1. */
  simChecks: SimChecks;
  coverage: Coverage;
  /** Closes the keep-alive connections. The client cannot be used afterwards. */
  close(): Promise<void>;
}

export interface CreateTruIdClientOptions {
  config: Pick<TruIdConfig, 'clientId' | 'clientSecret' | 'baseUrl'>;
  /** Defaults: connect 5 s, whole request 10 s. */
  timeouts?: Partial<TruIdTimeouts>;
  /** Defaults: 3 attempts, 100 ms base backoff, idempotent requests only. */
  retry?: Partial<TruIdRetryOptions>;
  /** The token grant's own deadline and attempts. Defaults: 2.5 s, 2 attempts. */
  tokenRequest?: Partial<TokenRequestOptions>;
  /** For token lifetimes; defaults to Date.now. */
  clock?: Clock;
  /** Use this undici dispatcher instead of the client's own keep-alive Agent (not closed by `close()`). */
  dispatcher?: Dispatcher;
  /** Told about every exchange with tru.ID and every token grant (metrics); never fails a call. */
  observer?: TruIdObserver;
}

export function createTruIdClient(options: CreateTruIdClientOptions): TruIdClient {
  const { config } = options;
  const http = createHttp({
    baseUrl: config.baseUrl,
    timeouts: options.timeouts,
    retry: options.retry,
    dispatcher: options.dispatcher,
    observer: options.observer,
  });
  const tokens = createTokenCache({
    http,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clock: options.clock,
    request: options.tokenRequest,
    observer: options.observer,
  });

  const api: ApiRequest = ({ method, path, endpoint, scope, json, contentType }) =>
    withAccessToken(tokens, [scope], (token) =>
      http.send({
        method,
        path,
        endpoint,
        headers: {
          authorization: `Bearer ${token}`,
          ...(json === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      }),
    );

  return {
    phoneChecks: createPhoneChecks(api),
    phoneChecksV01: createPhoneChecksV01(api),
    subscriberChecks: createSubscriberChecks(api),
    simChecks: createSimChecks(api),
    coverage: createCoverage(api),
    close: () => http.close(),
  };
}
