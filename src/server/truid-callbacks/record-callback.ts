// What a verified callback does: it records how a flow ended when tru.ID knew first — the tab was closed,
// the phone lost its connection on the way back — with the audit event the browser's return would have
// written (`via: "truid_callback"`). It never signs anyone in: sign-in still needs the flow cookie of the
// browser that started the flow (sign-in.ts), which a callback does not have.
//
// What a callback can bring for Simpass's v0.2 checks (PhoneCheck / SubscriberCheck v0.2):
// - EXPIRED: the check's ttl passed without our PATCH — nobody came back with a code. The flow fails as
//   'expired', exactly what the browser would be told.
// - ERROR: the network failed the check at check_url (error_code); the browser, if it comes back, brings
//   the same error in the redirect. The flow fails with that error_code.
// - COMPLETED: only our own PATCH completes a v0.2 check, and we PATCH only for the browser holding the
//   flow cookie, so this reports what that browser's redirect caused. Usually the redirect recorded it
//   first and this changes nothing; when our PATCH reached tru.ID but its answer did not reach us (a
//   timeout), the callback records the result, and the same browser, retrying the redirect, finds its
//   flow finished and reads it — where a second PATCH would have been refused as a used code.
import type { FlowStore } from '../flow-store.js';
import type { RequestContext } from '../request-context.js';
import type { VerificationFunnel } from '../metrics/funnel.js';
import { finishFlow, outcomeOf } from '../verification.js';
import type { CallbackPayload } from './callback-payload.js';

export interface RecordCallbackDeps {
  flows: FlowStore;
  /** Counts a flow the callback ended, like one the browser ended (metrics/); absent when metrics are off. */
  funnel?: VerificationFunnel | undefined;
  clock: () => Date;
}

/** recorded: the flow ended now; already_ended: it had ended before; not_ours: no flow of ours has this check. */
export type CallbackEffect = 'recorded' | 'already_ended' | 'not_ours';

export async function recordCallback(deps: RecordCallbackDeps, payload: CallbackPayload, context: RequestContext): Promise<CallbackEffect> {
  const flow = await deps.flows.findByCheckId(payload.check.check_id);
  // A check of another product than the flow's is not this flow's (it cannot be: the id is tru.ID's).
  if (!flow || (flow.product ?? 'phone_check') !== payload.product) return 'not_ours';
  if (flow.status !== 'pending') return 'already_ended';
  const outcome = outcomeOf(payload.check, payload.product);
  if (!outcome) return 'already_ended';
  return (await finishFlow(deps, flow, outcome, deps.clock(), context, 'truid_callback')) ? 'recorded' : 'already_ended';
}
