// The verification flow: create a PhoneCheck (v0.2) for the number a browser typed, complete it
// with the code the network hands back through the redirect, and tell that browser — and only that
// browser — how it ended.
//
// Security notes:
// - The redirect is honoured only with the flow cookie of the browser that started the check. This
//   stops the "send the victim my check_url" attack: the victim's phone would prove the victim's SIM
//   into the attacker's flow. The code is not spent when the cookie is missing or wrong.
// - Results are readable only with that same cookie; every other caller gets "not found".
// - A flow ends once: a replayed redirect cannot run the PATCH again or change the outcome.
// - Every number gets the same kind of check (sim-swap/settings.ts, SIM_SWAP_CHECK), whether or not it
//   has an account: the check URL's path names the product, so choosing by account would tell anyone
//   who types a number whether it is registered.
import type { CountryCode } from 'libphonenumber-js';
import type { TruIdClient } from '../truid/index.js';
import { TruIdApiError, TruIdError } from '../truid/index.js';
import { FlowError } from './errors.js';
import { failureMessage } from './failure-messages.js';
import type { CheckProduct, FlowOutcome, FlowStore, VerificationFlow } from './flow-store.js';
import type { VerificationFunnel } from './metrics/funnel.js';
import { hashSecretToken, secretTokenMatches } from './secret-token.js';
import { maskPhoneNumber, normalisePhoneNumber } from './phone-number.js';
import type { RequestContext } from './request-context.js';
import type { SimSwapSettings } from './sim-swap/settings.js';
import type { AuditEventInput } from './storage/audit-repository.js';

export interface VerificationDeps {
  truid: Pick<TruIdClient, 'phoneChecks' | 'subscriberChecks'>;
  flows: FlowStore;
  clock: () => Date;
  defaultCountry: CountryCode;
  /** Where the network sends the browser back to: our redirect route. */
  redirectUrl: string;
  /**
   * Where tru.ID posts the check's end state (truid-callbacks/), when tru.ID can reach us: records how a
   * flow ended even if the browser never comes back. Never signs anyone in.
   */
  callbackUrl?: string;
  flowTtlSeconds: number;
  /** Writes the audit trail (masked numbers only, never codes or cookies). */
  audit: (event: AuditEventInput) => Promise<void>;
  /** Rate limits and the spend cap (rate-limits/check-admission.ts): throws a FlowError to refuse. */
  admitCheck?: (request: { phoneNumber: string; ip: string | null }) => Promise<void>;
  /** Which product to create, and the window a SubscriberCheck asks about. */
  simSwap: Pick<SimSwapSettings, 'check' | 'windowMinutes'>;
  /** Counts the funnel (metrics/); absent when metrics are off. */
  funnel?: VerificationFunnel | undefined;
}

export interface StartedVerification {
  checkId: string;
  checkUrl: string;
}

export async function startVerification(
  deps: VerificationDeps,
  input: { phoneNumber: string; flowToken: string },
  context: RequestContext,
): Promise<StartedVerification> {
  const normalised = normalisePhoneNumber(input.phoneNumber, deps.defaultCountry);
  if (!normalised.ok) {
    throw new FlowError('invalid_phone_number', normalised.message, [{ name: 'phone_number', reason: normalised.message }]);
  }
  // After validation, so refused input counts against no limit; before tru.ID, which bills the check.
  await deps.admitCheck?.({ phoneNumber: normalised.e164, ip: context.ip });
  const product: CheckProduct = deps.simSwap.check === 'subscriber_check' ? 'subscriber_check' : 'phone_check';
  const callback = deps.callbackUrl !== undefined ? { callback_url: deps.callbackUrl } : {};
  const check =
    product === 'subscriber_check'
      ? await deps.truid.subscriberChecks.create({ phone_number: normalised.e164, redirect_url: deps.redirectUrl, period: deps.simSwap.windowMinutes, ...callback })
      : await deps.truid.phoneChecks.create({ phone_number: normalised.e164, redirect_url: deps.redirectUrl, ...callback });
  const createdAt = deps.clock();
  // The flow and its audit event in one commit (flow-store.ts).
  await deps.flows.insert(
    {
      checkId: check.check_id,
      flowTokenHash: hashSecretToken(input.flowToken),
      phoneNumber: normalised.e164,
      status: 'pending',
      match: null,
      failureReason: null,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + deps.flowTtlSeconds * 1000),
      finishedAt: null,
      product,
      simPeriodMinutes: product === 'subscriber_check' ? deps.simSwap.windowMinutes : null,
    },
    {
      event: 'phone_check.started',
      at: createdAt,
      checkId: check.check_id,
      phoneMasked: maskPhoneNumber(normalised.e164),
      ...context,
    },
  );
  deps.funnel?.checkStarted(product);
  return { checkId: check.check_id, checkUrl: check._links.check_url.href };
}

export type RedirectParams =
  | { checkId: string; code: string }
  | { checkId: string; error: string };

/** Handles the network's redirect back to us. Returns the check id whose result the browser may now read. */
export async function completeVerification(
  deps: VerificationDeps,
  params: RedirectParams,
  flowToken: string | undefined,
  context: RequestContext,
): Promise<string> {
  deps.funnel?.redirectReceived('error' in params ? 'error' : 'code');
  const flow = await deps.flows.findByCheckId(params.checkId);
  if (!flow) throw new FlowError('check_not_found', 'We did not start this verification.');
  if (!secretTokenMatches(flowToken, flow.flowTokenHash)) {
    await deps.audit({ event: 'phone_check.redirect_refused', at: deps.clock(), checkId: flow.checkId, ...context });
    throw new FlowError(
      'flow_mismatch',
      'This verification was started in another browser. Open Simpass on this phone and start again.',
    );
  }
  if (flow.status !== 'pending') {
    throw new FlowError('flow_already_completed', 'This verification has already been used.');
  }
  const now = deps.clock();
  if (now >= flow.expiresAt) {
    await finishOnce(deps, flow, { status: 'failed', failureReason: 'expired' }, now, context);
    return flow.checkId;
  }
  if ('error' in params) {
    await finishOnce(deps, flow, { status: 'failed', failureReason: params.error }, now, context);
    return flow.checkId;
  }

  let outcome: FlowOutcome | undefined;
  let networkId: string | undefined;
  try {
    const patched =
      flow.product === 'subscriber_check'
        ? await deps.truid.subscriberChecks.complete(flow.checkId, params.code)
        : await deps.truid.phoneChecks.complete(flow.checkId, params.code);
    outcome = outcomeOf(patched, flow.product ?? 'phone_check');
    networkId = patched.network_id;
  } catch (error) {
    // Only tru.ID's 404 means "this code is not accepted" (wrong, used, or its check is gone) and
    // ends the flow. Anything else — 401/403 that survived a token refresh, 429, 5xx, a timeout, a
    // dropped connection — is tru.ID's trouble, not the person's: the flow stays pending and the
    // same redirect, tried again once tru.ID is back, completes it.
    if (error instanceof TruIdApiError && error.status === 404) {
      outcome = { status: 'failed', failureReason: 'code_rejected' };
    } else if (error instanceof TruIdError) {
      throw new FlowError(
        'verification_interrupted',
        'The verification service did not answer, so your number is not confirmed yet. Nothing was used up: please try again in a moment.',
        undefined,
        { cause: error },
      );
    } else {
      throw error;
    }
  }
  if (outcome) await finishOnce(deps, flow, outcome, deps.clock(), context, networkId);
  return flow.checkId;
}

/** How a check in this state ends a flow; undefined while it has not ended (ACCEPTED, PENDING). */
export function outcomeOf(
  check: { status: string; match?: boolean; error_code?: string; no_sim_change?: boolean; sim_change_within?: number },
  product: CheckProduct,
): FlowOutcome | undefined {
  switch (check.status) {
    case 'COMPLETED':
      if (product === 'subscriber_check') {
        // Absent facts are kept as "not said" (an operator that shares no SIM-change data).
        const simFacts = {
          noSimChange: typeof check.no_sim_change === 'boolean' ? check.no_sim_change : null,
          changeWithinMinutes: typeof check.sim_change_within === 'number' ? check.sim_change_within : null,
        };
        return { status: 'completed', match: check.match === true, simFacts };
      }
      return { status: 'completed', match: check.match === true };
    case 'EXPIRED':
      return { status: 'failed', failureReason: 'expired' };
    case 'ERROR':
      return { status: 'failed', failureReason: check.error_code ?? 'error' };
    default:
      return undefined;
  }
}

async function finishOnce(
  deps: VerificationDeps,
  flow: VerificationFlow,
  outcome: FlowOutcome,
  at: Date,
  context: RequestContext,
  networkId?: string,
): Promise<void> {
  if (!(await finishFlow(deps, flow, outcome, at, context, 'redirect', networkId))) {
    throw new FlowError('flow_already_completed', 'This verification has already been used.');
  }
}

/**
 * Ends a pending flow and writes its audit event, in one commit; false when it had already ended (each
 * flow ends once, whoever tells us first: the browser's redirect or tru.ID's callback, recorded as `via`).
 */
export async function finishFlow(
  deps: Pick<VerificationDeps, 'flows' | 'funnel'>,
  flow: VerificationFlow,
  outcome: FlowOutcome,
  at: Date,
  context: RequestContext,
  via: 'redirect' | 'truid_callback' = 'redirect',
  networkId?: string,
): Promise<boolean> {
  const audit: AuditEventInput = {
    event: outcome.status === 'completed' ? 'phone_check.completed' : 'phone_check.failed',
    at,
    checkId: flow.checkId,
    phoneMasked: maskPhoneNumber(flow.phoneNumber),
    detail:
      outcome.status === 'completed'
        ? { match: outcome.match, ...(outcome.simFacts ? { no_sim_change: outcome.simFacts.noSimChange, sim_change_within: outcome.simFacts.changeWithinMinutes } : {}), ...viaDetail(via) }
        : { reason: outcome.failureReason, ...viaDetail(via) },
    ...context,
  };
  // Recorded only by whoever really ended it.
  if (!(await deps.flows.finish(flow.checkId, outcome, at, audit))) return false;
  deps.funnel?.checkCompleted(flow.checkId, outcome, networkId);
  return true;
}

// The browser's path keeps its audit detail as it always was; only a callback says where it came from.
const viaDetail = (via: 'redirect' | 'truid_callback'): Record<string, string> => (via === 'truid_callback' ? { via } : {});

export type VerificationResult =
  | { status: 'PENDING' }
  | { status: 'COMPLETED'; match: boolean }
  | { status: 'ERROR' | 'EXPIRED'; match: false; reason: string; message: string };

export async function readVerification(
  deps: VerificationDeps,
  checkId: string,
  flowToken: string | undefined,
): Promise<VerificationResult> {
  const flow = await deps.flows.findByCheckId(checkId);
  // The same answer for "no such check" and "someone else's check": nothing to learn by probing.
  if (!flow || !secretTokenMatches(flowToken, flow.flowTokenHash)) {
    throw new FlowError('check_not_found', 'There is no verification with this id for this browser.');
  }
  let current = flow;
  if (current.status === 'pending') {
    const now = deps.clock();
    if (now < current.expiresAt) return { status: 'PENDING' };
    const expired: FlowOutcome = { status: 'failed', failureReason: 'expired' };
    if (await deps.flows.finish(checkId, expired, now)) {
      deps.funnel?.checkCompleted(checkId, expired, undefined);
      current = { ...current, status: 'failed', failureReason: 'expired', finishedAt: now };
    } else {
      // Something else ended it a moment ago (the redirect, tru.ID's callback): read how.
      current = (await deps.flows.findByCheckId(checkId)) ?? current;
    }
  }
  if (current.status === 'completed') {
    return { status: 'COMPLETED', match: current.match === true };
  }
  const reason = current.failureReason ?? 'error';
  return { status: reason === 'expired' ? 'EXPIRED' : 'ERROR', match: false, reason, message: failureMessage(reason) };
}
