// How checks look on the wire (models/phone_check/*, models/subscriber_check/*, models/check/*):
// snake_case, HAL `_links`, `match` and `network_id` only when COMPLETED, `error_code` only on ERROR.
import type { CheckRecord } from './checks.js';

/** Every check is billed 1 API credit when created, and only COMPLETED checks stay charged. */
const CHARGE = { charge_amount: 1, charge_currency: 'API' } as const;

function paths(check: CheckRecord): { self: string; checkUrl: string } {
  const self = `/${check.product}/${check.version}/checks/${check.check_id}`;
  return { self, checkUrl: `${self}/redirect` };
}

function chargeOf(check: CheckRecord): number {
  return check.status === 'COMPLETED' || check.status === 'ACCEPTED' || check.status === 'PENDING' ? CHARGE.charge_amount : 0;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function outcomeFields(check: CheckRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (check.status === 'COMPLETED') {
    fields.match = check.match ?? false;
    if (check.network_id !== undefined) fields.network_id = check.network_id;
    if (check.sim) Object.assign(fields, check.sim);
  }
  if (check.status === 'ERROR' && check.error_code !== undefined) fields.error_code = check.error_code;
  return fields;
}

/** 201 body: PhoneCheckCreateResponse / SubscriberCheckCreateResponse. */
export function createdView(check: CheckRecord, origin: string, snapshotBalance: number): Record<string, unknown> {
  const { self, checkUrl } = paths(check);
  return {
    check_id: check.check_id,
    status: check.status,
    ...(check.reference_id !== undefined ? { reference_id: check.reference_id } : {}),
    charge_amount: CHARGE.charge_amount,
    charge_currency: CHARGE.charge_currency,
    created_at: iso(check.created_at),
    updated_at: iso(check.updated_at),
    ttl: check.ttl,
    snapshot_balance: snapshotBalance,
    _links: { self: { href: origin + self }, check_url: { href: origin + checkUrl } },
  };
}

/** GET body: PhoneCheck / SubscriberCheck. */
export function checkView(check: CheckRecord, origin: string): Record<string, unknown> {
  const { self, checkUrl } = paths(check);
  return {
    check_id: check.check_id,
    status: check.status,
    ...(check.reference_id !== undefined ? { reference_id: check.reference_id } : {}),
    ...outcomeFields(check),
    charge_amount: chargeOf(check),
    charge_currency: CHARGE.charge_currency,
    created_at: iso(check.created_at),
    updated_at: iso(check.updated_at),
    ttl: check.ttl,
    _links: { self: { href: origin + self }, check_url: { href: origin + checkUrl } },
  };
}

/** PATCH body: PhoneCheckPatchPartial / SubscriberCheckPatchPartial: the GET body without `ttl` and links. */
export function patchedView(check: CheckRecord): Record<string, unknown> {
  const { ttl: _ttl, _links: _unused, ...patched } = checkView(check, '');
  return patched;
}

/** `GET /_emulator/checks/:id`: everything, including the device and the code issued (a test aid). */
export function inspectionView(check: CheckRecord): Record<string, unknown> {
  return {
    ...check,
    created_at: iso(check.created_at),
    updated_at: iso(check.updated_at),
    expires_at: iso(check.created_at + check.ttl * 1000),
  };
}
