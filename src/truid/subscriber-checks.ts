// SubscriberCheck v0.2 (products.yaml, tag subscriber_check_v0.2): PhoneCheck's create / redirect /
// PATCH flow plus the SIM-change facts (`no_sim_change`, `sim_change_within`).
import type { ApiRequest } from './http.js';
import { completeRequest } from './phone-checks.js';
import { toTruIdPhoneNumber } from './phone-number.js';
import type {
  SubscriberCheck,
  SubscriberCheckCreatePayload,
  SubscriberCheckCreateResponse,
  SubscriberCheckPatchResponse,
} from './types.js';

export interface SubscriberChecks {
  /** `POST /subscriber_check/v0.2/checks` */
  create(input: SubscriberCheckCreatePayload): Promise<SubscriberCheckCreateResponse>;
  /** `GET /subscriber_check/v0.2/checks/{check_id}` */
  get(checkId: string): Promise<SubscriberCheck>;
  /** `PATCH /subscriber_check/v0.2/checks/{check_id}` with the redirect's code. */
  complete(checkId: string, code: string): Promise<SubscriberCheckPatchResponse>;
}

export function createSubscriberChecks(api: ApiRequest): SubscriberChecks {
  const base = '/subscriber_check/v0.2/checks';
  return {
    create: (input) =>
      api({ method: 'POST', path: base, scope: 'subscriber_check', json: { ...input, phone_number: toTruIdPhoneNumber(input.phone_number) } }),
    get: (checkId) => api({ method: 'GET', path: `${base}/${encodeURIComponent(checkId)}`, scope: 'subscriber_check' }),
    complete: (checkId, code) => api(completeRequest(`${base}/${encodeURIComponent(checkId)}`, 'subscriber_check', code)),
  };
}
