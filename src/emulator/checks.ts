// Checks and their state machine (products.yaml; models/check/CheckDefaultResourceModels.yaml CheckStatus):
//   ACCEPTED → PENDING (check_url opened on a mobile network) → COMPLETED (v0.2: code redeemed by PATCH;
//   v0.1: the operator's hop finished) | EXPIRED (ttl elapsed first) | ERROR (with error_code).
// Pure functions over plain records, the clock passed in; the store is a Map the app owns.
import { randomBytes, randomUUID } from 'node:crypto';
import { normaliseIp, type Device, type Operator, type PhoneCheckErrorCode } from './network.js';
import { simFacts, type SimFacts } from './sim-change.js';

export type CheckProduct = 'phone_check' | 'subscriber_check';
export type CheckVersion = 'v0.1' | 'v0.2';
/** Every product and version the emulator runs redirect checks for (each has create, get, list, traces). */
export const CHECK_FLAVOURS: readonly { product: CheckProduct; version: CheckVersion }[] = [
  { product: 'phone_check', version: 'v0.1' },
  { product: 'phone_check', version: 'v0.2' },
  { product: 'subscriber_check', version: 'v0.1' },
  { product: 'subscriber_check', version: 'v0.2' },
];

export type CheckStatus = 'ACCEPTED' | 'PENDING' | 'COMPLETED' | 'EXPIRED' | 'ERROR';

export interface CheckRecord {
  readonly check_id: string;
  readonly product: CheckProduct;
  readonly version: CheckVersion;
  readonly phone_number: string;
  readonly redirect_url?: string;
  readonly reference_id?: string;
  readonly phone_ip?: string;
  /** Where the signed end-state callback goes (callbacks/dispatcher.ts). */
  readonly callback_url?: string;
  /** SubscriberCheck `period` in minutes. */
  readonly period: number;
  readonly ttl: number;
  readonly created_at: number;
  updated_at: number;
  status: CheckStatus;
  error_code?: PhoneCheckErrorCode;
  /** Set when the device opens check_url: who opened it and what the network saw. */
  device_id?: string;
  network_id?: string;
  match?: boolean;
  /** sim_changed_at of the SIM holding the checked number, seen at the visit. */
  sim_changed_at?: string | null;
  /** false when the number's operator shares no SIM-change data (Operator.sim_change_data). */
  sim_change_data?: boolean;
  sim?: SimFacts;
  /** v0.2: the one-time code; v0.1: the token of the operator hop. */
  code?: string;
  code_used: boolean;
}

export interface NewCheck {
  product: CheckProduct;
  version: CheckVersion;
  phone_number: string;
  redirect_url?: string;
  reference_id?: string;
  phone_ip?: string;
  callback_url?: string;
  period: number;
}

export function createCheck(input: NewCheck, now: number, ttlSeconds: number): CheckRecord {
  return { ...input, check_id: randomUUID(), ttl: ttlSeconds, created_at: now, updated_at: now, status: 'ACCEPTED', code_used: false };
}

/** A check not finished within its ttl is EXPIRED ("never completed in the default TTL (120s)"). */
export function applyExpiry(check: CheckRecord, now: number): CheckRecord {
  if ((check.status === 'ACCEPTED' || check.status === 'PENDING') && now >= check.created_at + check.ttl * 1000) {
    return { ...check, status: 'EXPIRED', updated_at: check.created_at + check.ttl * 1000 };
  }
  return check;
}

export interface VisitContext {
  /** The device the network attributes the request to. */
  device: Device;
  operator: Operator | undefined;
  sourceIp: string;
  /** The device whose SIM holds the checked number, if the network knows one. */
  numberHolder: Device | undefined;
  /** That SIM's operator: the one that knows (and may share) when the SIM changed. */
  numberHolderOperator: Operator | undefined;
}

export type VisitOutcome =
  /** Not ACCEPTED any more (expired, already opened, finished): the check_url is spent. */
  | { kind: 'gone' }
  /** The network refuses before running the check: 412 / 400 / 409 problems. */
  | { kind: 'refused'; error_code: 'not_mobile_ip' | 'mno_not_supported' | 'ip_msisdn_mismatch' }
  /** The operator cannot do redirects: 501, or the redirect_url with `error=mno_redirect_unsupported`. */
  | { kind: 'redirect_unsupported' }
  /** The check ran and failed at the operator. */
  | { kind: 'failed'; error_code: PhoneCheckErrorCode }
  | { kind: 'verified'; code: string };

function fail(check: CheckRecord, errorCode: PhoneCheckErrorCode, now: number, ctx: VisitContext): CheckRecord {
  return { ...check, status: 'ERROR', error_code: errorCode, device_id: ctx.device.id, updated_at: now };
}

/** The device opens check_url; the network decides. Never influenced by anything the API caller sent but the check. */
export function visitCheckUrl(current: CheckRecord, ctx: VisitContext, now: number): { check: CheckRecord; outcome: VisitOutcome } {
  const check = applyExpiry(current, now);
  if (check.status !== 'ACCEPTED') return { check, outcome: { kind: 'gone' } };
  const { device, operator } = ctx;
  if (device.connection !== 'mobile') {
    return { check: fail(check, 'not_mobile_ip', now, ctx), outcome: { kind: 'refused', error_code: 'not_mobile_ip' } };
  }
  if (!operator?.supported) {
    return { check: fail(check, 'mno_not_supported', now, ctx), outcome: { kind: 'refused', error_code: 'mno_not_supported' } };
  }
  if (operator.redirect_supported === false) {
    // PhoneCheckErrorCode has no redirect-specific value; the operator cannot run the product at all.
    return { check: fail(check, 'mno_not_supported', now, ctx), outcome: { kind: 'redirect_unsupported' } };
  }
  if (check.phone_ip !== undefined) {
    // `ip_mismatch`: "The IP address of create check request and redirect do not match".
    if (normaliseIp(check.phone_ip) !== normaliseIp(ctx.sourceIp)) {
      return { check: fail(check, 'ip_mismatch', now, ctx), outcome: { kind: 'failed', error_code: 'ip_mismatch' } };
    }
    // `ip_msisdn_mismatch`: "The IP address and phone number don't belong to the same MNO". Only decidable
    // when the caller named the device's IP (phone_ip), as the 409 on create in products.yaml implies.
    if (ctx.numberHolder && ctx.numberHolder.network_id !== device.network_id) {
      return { check: fail(check, 'ip_msisdn_mismatch', now, ctx), outcome: { kind: 'refused', error_code: 'ip_msisdn_mismatch' } };
    }
  }
  const forced = operator.mno_error;
  if (forced) {
    const updated = fail(check, forced, now, ctx);
    if (forced === 'not_mobile_ip' || forced === 'mno_not_supported' || forced === 'ip_msisdn_mismatch') {
      return { check: updated, outcome: { kind: 'refused', error_code: forced } };
    }
    return { check: updated, outcome: { kind: 'failed', error_code: forced } };
  }
  const code = randomBytes(16).toString('base64url');
  return {
    check: {
      ...check,
      status: 'PENDING',
      device_id: device.id,
      network_id: device.network_id,
      // The operator identifies the SIM behind the data session; the match is that SIM's number.
      match: device.phone_number === check.phone_number,
      sim_changed_at: ctx.numberHolder?.sim_changed_at ?? null,
      sim_change_data: ctx.numberHolderOperator?.sim_change_data !== false,
      code,
      updated_at: now,
    },
    outcome: { kind: 'verified', code },
  };
}

function completed(check: CheckRecord, now: number): CheckRecord {
  // An operator that shares no SIM-change data still matches the number: the facts are simply absent
  // (NoSimChange / SimChangeWithin are "only returned if the MNO provides this information").
  const sim =
    check.product === 'subscriber_check' && check.sim_change_data !== false ? simFacts(check.sim_changed_at ?? null, check.period, now) : undefined;
  return { ...check, status: 'COMPLETED', code_used: true, updated_at: now, ...(sim ? { sim } : {}) };
}

/** v0.1: the operator's hop at the end of check_url's redirect chain completes the check. */
export function finishOperatorHop(current: CheckRecord, token: string, now: number): CheckRecord {
  const check = applyExpiry(current, now);
  if (check.status !== 'PENDING' || check.code_used || check.code !== token) return check;
  return completed(check, now);
}

export type RedeemOutcome = 'completed' | 'expired' | 'no_code';

/**
 * v0.2 PATCH with the code. products.yaml (patch-phone-check-v0.2): "the device needs to visit the
 * `check_url` to get the code which is redeemed against the PhoneCheck result before this endpoint,
 * otherwise a 404 will be returned"; the PATCH lists no other error status. So any code that is not the
 * outstanding one — never issued, wrong, or already redeemed — finds no redeemable check: 404 CheckNotFound.
 * A wrong code leaves the check PENDING, so the right code still works within the ttl.
 */
export function redeemCode(current: CheckRecord, code: string, now: number): { check: CheckRecord; outcome: RedeemOutcome } {
  const check = applyExpiry(current, now);
  if (check.code === undefined || check.code_used || check.code !== code) return { check, outcome: 'no_code' };
  if (check.status === 'EXPIRED') return { check: { ...check, code_used: true }, outcome: 'expired' };
  if (check.status !== 'PENDING') return { check, outcome: 'no_code' };
  return { check: completed(check, now), outcome: 'completed' };
}

export interface CheckStore {
  get(id: string): CheckRecord | undefined;
  put(check: CheckRecord): CheckRecord;
  /** Every check, expiry applied, in creation order (collections filter, sort and page them). */
  list(): CheckRecord[];
  clear(): void;
}

/** The check `id` if it was created under this product and version (another path does not find it). */
export function findCheck(store: CheckStore, id: string, flavour: { product: CheckProduct; version: CheckVersion }): CheckRecord | undefined {
  const check = store.get(id);
  return check?.product === flavour.product && check.version === flavour.version ? check : undefined;
}

/** The store applies expiry on read, so EXPIRED follows the (injectable) clock without timers. */
export function createCheckStore(now: () => number): CheckStore {
  const checks = new Map<string, CheckRecord>();
  const current = (stored: CheckRecord): CheckRecord => {
    const fresh = applyExpiry(stored, now());
    if (fresh !== stored) checks.set(stored.check_id, fresh);
    return fresh;
  };
  return {
    get(id) {
      const stored = checks.get(id);
      return stored && current(stored);
    },
    put(check) {
      checks.set(check.check_id, check);
      return check;
    },
    list() {
      return [...checks.values()].map(current);
    },
    clear() {
      checks.clear();
    },
  };
}
