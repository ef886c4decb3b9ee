// The verification funnel as counters: checks started → the network's redirect back → completed
// (match, no match, error by reason) → signed up or signed in, or refused by SIM-swap policy.
// Rate-limit refusals are counted at the HTTP edge (http-metrics.ts), before any check exists.
//
// What the server can observe: it creates the check, and sees the device only when the network sends
// it back to redirect_url. Opening check_url happens between the device, tru.ID and the operator, so
// "check URL opened" is counted as "redirect received": a device that never came back is the
// difference between checks started and redirects received.
import type { Counter, Registry } from 'prom-client';
import { Counter as PromCounter } from 'prom-client';
import { isKnownFailureReason } from '../failure-messages.js';
import type { CheckProduct, FlowOutcome } from '../flow-store.js';
import type { OperatorLabels } from './operator-labels.js';

/** What the flows tell the metrics. Every method is cheap and never throws. */
export interface VerificationFunnel {
  checkStarted(product: CheckProduct): void;
  /** The network sent a device back to redirect_url with a code, or with an error instead. */
  redirectReceived(carries: 'code' | 'error'): void;
  /** `networkId`: tru.ID's, given only with a COMPLETED check. */
  checkCompleted(checkId: string, outcome: FlowOutcome, networkId: string | undefined): void;
  /** A verified check made an account (`created`) or signed in to one (sign-in.ts, the one path). */
  accountGranted(checkId: string, created: boolean): void;
  /** SIM-swap protection refused the sign-in: the reason is the problem code. */
  refusedByPolicy(checkId: string, reason: string): void;
}

export function createFunnelMetrics(registry: Registry, operators: OperatorLabels): VerificationFunnel {
  const counter = (name: string, help: string, labelNames: string[]): Counter =>
    new PromCounter({ name, help, labelNames, registers: [registry] });
  const started = counter('simpass_checks_started_total', 'Checks created at tru.ID (the operator is not known yet).', ['product']);
  const redirects = counter(
    'simpass_check_redirects_total',
    'Devices the network sent back to our redirect_url after opening the check URL, by what they carried.',
    ['carries'],
  );
  const completed = counter(
    'simpass_checks_completed_total',
    'Checks that ended: result match, no_match or error (reason: tru.ID error_code, the redirect error, expired, code_rejected; other for anything else).',
    ['operator', 'result', 'reason'],
  );
  const signUps = counter('simpass_sign_ups_total', 'Accounts created with a verified check (directly or through a hand-off).', ['operator']);
  const signIns = counter('simpass_sign_ins_total', 'Sign-ins to an existing account with a verified check (directly or through a hand-off).', ['operator']);
  const refused = counter('simpass_sign_ins_refused_by_policy_total', 'Sign-ins refused by SIM-swap and recycled-number protection.', ['operator', 'reason']);

  return {
    checkStarted(product) {
      started.inc({ product });
    },
    redirectReceived(carries) {
      redirects.inc({ carries });
    },
    checkCompleted(checkId, outcome, networkId) {
      const operator = operators.label(networkId);
      if (outcome.status === 'completed') {
        completed.inc({ operator, result: outcome.match ? 'match' : 'no_match', reason: 'none' });
        if (outcome.match) operators.remember(checkId, operator);
      } else {
        const reason = isKnownFailureReason(outcome.failureReason) ? outcome.failureReason : 'other';
        completed.inc({ operator, result: 'error', reason });
      }
    },
    accountGranted(checkId, created) {
      (created ? signUps : signIns).inc({ operator: operators.recall(checkId) });
      operators.forget(checkId);
    },
    refusedByPolicy(checkId, reason) {
      refused.inc({ operator: operators.recall(checkId), reason });
    },
  };
}
