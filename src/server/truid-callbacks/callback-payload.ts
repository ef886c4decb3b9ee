// The body of a check callback: PhoneCheckCallbackPayload / SubscriberCheckCallbackPayload (the check as
// tru.ID holds it at its end state). Read only after the signature verified; still checked, so a change on
// tru.ID's side is a clear 400 rather than a wrong flow state.
import { FlowError } from '../errors.js';
import type { CheckProduct } from '../flow-store.js';

export interface CallbackPayload {
  product: CheckProduct;
  check: { check_id: string; status: 'COMPLETED' | 'EXPIRED' | 'ERROR'; match?: boolean; error_code?: string; no_sim_change?: boolean; sim_change_within?: number };
}

const END_STATES = new Set(['COMPLETED', 'EXPIRED', 'ERROR']);
const CHECK_ID = /^[A-Za-z0-9-]{1,64}$/;

export function readCallbackPayload(rawBody: Buffer, productHeader: string | string[] | undefined): CallbackPayload {
  if (productHeader !== 'phone_check' && productHeader !== 'subscriber_check') {
    throw new FlowError('callback_invalid', 'x-tru-callback must be phone_check or subscriber_check.');
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new FlowError('callback_invalid', 'The callback body is not JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FlowError('callback_invalid', 'The callback body is not a check.');
  const fields = body as Record<string, unknown>;
  if (typeof fields.check_id !== 'string' || !CHECK_ID.test(fields.check_id)) throw new FlowError('callback_invalid', 'The callback has no valid check_id.');
  if (typeof fields.status !== 'string' || !END_STATES.has(fields.status)) {
    throw new FlowError('callback_invalid', 'A callback reports an end state: COMPLETED, EXPIRED or ERROR.');
  }
  return {
    product: productHeader,
    check: {
      check_id: fields.check_id,
      status: fields.status as CallbackPayload['check']['status'],
      ...(typeof fields.match === 'boolean' ? { match: fields.match } : {}),
      ...(typeof fields.error_code === 'string' ? { error_code: fields.error_code.slice(0, 64) } : {}),
      ...(typeof fields.no_sim_change === 'boolean' ? { no_sim_change: fields.no_sim_change } : {}),
      ...(typeof fields.sim_change_within === 'number' ? { sim_change_within: fields.sim_change_within } : {}),
    },
  };
}
