// SubscriberCheck v0.2 (products.yaml, tag subscriber_check_v0.2): PhoneCheck's create / redirect /
// PATCH flow plus the SIM-change facts (`no_sim_change`, `sim_change_within`).
import { codeCheckCalls, type CodeCheckCalls } from './check-resource.js';
import type { ApiRequest } from './http.js';
import type {
  SubscriberCheck,
  SubscriberCheckCreatePayload,
  SubscriberCheckCreateResponse,
  SubscriberCheckPatchResponse,
} from './types.js';

/** `POST`, `GET` and `PATCH` (with the redirect's code) under `/subscriber_check/v0.2/checks`. */
export type SubscriberChecks = CodeCheckCalls<
  SubscriberCheckCreatePayload,
  SubscriberCheckCreateResponse,
  SubscriberCheck,
  SubscriberCheckPatchResponse
>;

export function createSubscriberChecks(api: ApiRequest): SubscriberChecks {
  return codeCheckCalls(api, '/subscriber_check/v0.2/checks', 'subscriber_check');
}
