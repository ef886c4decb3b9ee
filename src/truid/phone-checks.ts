// PhoneCheck (products.yaml, tags phone_check_v0.2 and phone_check_v0.1): thin calls over the one
// request path. v0.2 proves the redirect ran on the device with a one-time `code` redeemed by PATCH;
// v0.1 has no code, the result is read with GET.
import type { ApiRequest } from './http.js';
import { toTruIdPhoneNumber } from './phone-number.js';
import type {
  CheckCreatePayload,
  CheckCreatePayloadV01,
  CheckPatchOperation,
  PhoneCheck,
  PhoneCheckCreateResponse,
  PhoneCheckPatchResponse,
} from './types.js';

export interface PhoneChecks {
  /** `POST /phone_check/v0.2/checks` → 201 with `_links.check_url` for the device to open. */
  create(input: CheckCreatePayload): Promise<PhoneCheckCreateResponse>;
  /** `GET /phone_check/v0.2/checks/{check_id}` */
  get(checkId: string): Promise<PhoneCheck>;
  /** `PATCH /phone_check/v0.2/checks/{check_id}` with the code the redirect gave the device. */
  complete(checkId: string, code: string): Promise<PhoneCheckPatchResponse>;
}

export interface PhoneChecksV01 {
  /** `POST /phone_check/v0.1/checks` */
  create(input: CheckCreatePayloadV01): Promise<PhoneCheckCreateResponse>;
  /** `GET /phone_check/v0.1/checks/{check_id}`: `match` once COMPLETED. */
  get(checkId: string): Promise<PhoneCheck>;
}

export function createPhoneChecks(api: ApiRequest): PhoneChecks {
  const base = '/phone_check/v0.2/checks';
  return {
    create: (input) =>
      api({ method: 'POST', path: base, scope: 'phone_check', json: { ...input, phone_number: toTruIdPhoneNumber(input.phone_number) } }),
    get: (checkId) => api({ method: 'GET', path: `${base}/${encodeURIComponent(checkId)}`, scope: 'phone_check' }),
    complete: (checkId, code) => api(completeRequest(`${base}/${encodeURIComponent(checkId)}`, 'phone_check', code)),
  };
}

export function createPhoneChecksV01(api: ApiRequest): PhoneChecksV01 {
  const base = '/phone_check/v0.1/checks';
  return {
    create: (input) =>
      api({ method: 'POST', path: base, scope: 'phone_check', json: { ...input, phone_number: toTruIdPhoneNumber(input.phone_number) } }),
    get: (checkId) => api({ method: 'GET', path: `${base}/${encodeURIComponent(checkId)}`, scope: 'phone_check' }),
  };
}

/**
 * The v0.2 completion, shared by PhoneCheck and SubscriberCheck: a JSON Patch (RFC 6902) adding the
 * code, sent as `application/json-patch+json` (check/CheckResourceModels.v0.2.yaml#CheckPatchPayload).
 */
export function completeRequest(path: string, scope: 'phone_check' | 'subscriber_check', code: string) {
  const patch: CheckPatchOperation[] = [{ op: 'add', path: '/code', value: code }];
  return { method: 'PATCH', path, scope, json: patch, contentType: 'application/json-patch+json' } as const;
}
