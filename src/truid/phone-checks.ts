// PhoneCheck (products.yaml, tags phone_check_v0.2 and phone_check_v0.1). v0.2 proves the redirect
// ran on the device with a one-time `code` redeemed by PATCH; v0.1 has no code, the result is read
// with GET.
import { checkCalls, codeCheckCalls, type CheckCalls, type CodeCheckCalls } from './check-resource.js';
import type { ApiRequest } from './http.js';
import type {
  CheckCreatePayload,
  CheckCreatePayloadV01,
  PhoneCheck,
  PhoneCheckCreateResponse,
  PhoneCheckPatchResponse,
} from './types.js';

/**
 * `POST /phone_check/v0.2/checks` → 201 with `_links.check_url` for the device to open;
 * `GET /phone_check/v0.2/checks/{check_id}`; `PATCH` it with the code the redirect gave the device.
 */
export type PhoneChecks = CodeCheckCalls<CheckCreatePayload, PhoneCheckCreateResponse, PhoneCheck, PhoneCheckPatchResponse>;

/** `POST /phone_check/v0.1/checks`; `GET /phone_check/v0.1/checks/{check_id}`: `match` once COMPLETED. */
export type PhoneChecksV01 = CheckCalls<CheckCreatePayloadV01, PhoneCheckCreateResponse, PhoneCheck>;

export function createPhoneChecks(api: ApiRequest): PhoneChecks {
  return codeCheckCalls(api, '/phone_check/v0.2/checks', 'phone_check');
}

export function createPhoneChecksV01(api: ApiRequest): PhoneChecksV01 {
  return checkCalls(api, '/phone_check/v0.1/checks', 'phone_check');
}
