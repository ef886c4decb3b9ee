// SIMCheck v0.1 (products.yaml, tag sim_check_v0.1): synchronous and server-only — the 201 already
// carries `status` COMPLETED | ERROR and the SIM-change facts.
import type { ApiRequest } from './http.js';
import { toTruIdPhoneNumber } from './phone-number.js';
import type { SimCheck, SimCheckCreatePayload } from './types.js';

export interface SimChecks {
  /** `POST /sim_check/v0.1/checks` */
  create(input: SimCheckCreatePayload): Promise<SimCheck>;
}

export function createSimChecks(api: ApiRequest): SimChecks {
  return {
    create: (input) =>
      api({
        method: 'POST',
        path: '/sim_check/v0.1/checks',
        endpoint: '/sim_check/v0.1/checks',
        scope: 'sim_check',
        json: { ...input, phone_number: toTruIdPhoneNumber(input.phone_number) },
      }),
  };
}
