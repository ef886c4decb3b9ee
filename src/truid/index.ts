// Public API of the tru.ID client. Everything else in src/truid is an implementation detail.
export { loadTruIdConfig, API_DOMAINS, DATA_RESIDENCIES } from './config.js';
export type { TruIdConfig, LoadTruIdConfigOptions, DataResidency } from './config.js';
export { createTruIdClient } from './client.js';
export type { TruIdClient, CreateTruIdClientOptions } from './client.js';
export { DEFAULT_RETRY, DEFAULT_TIMEOUTS } from './http.js';
export type { TruIdRetryOptions, TruIdTimeouts } from './http.js';
export { DEFAULT_TOKEN_REQUEST, TOKEN_PATH } from './tokens.js';
export type { Clock, TokenRequestOptions } from './tokens.js';
export type { TruIdObserver, TruIdCallEvent, TokenGrantEvent, TokenGrantReason } from './observer.js';
export type { PhoneChecks, PhoneChecksV01 } from './phone-checks.js';
export type { SubscriberChecks } from './subscriber-checks.js';
export type { SimChecks } from './sim-checks.js';
export type { Coverage } from './coverage.js';
export { toTruIdPhoneNumber } from './phone-number.js';
export {
  TruIdError,
  TruIdConfigError,
  TruIdApiError,
  TruIdTimeoutError,
  TruIdNetworkError,
  TruIdInvalidResponseError,
} from './errors.js';
export type { TruIdErrorCode, TruIdRequestInfo, TruIdTimeoutPhase } from './errors.js';
export type * from './types.js';
