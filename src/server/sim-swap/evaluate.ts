// The verdict for one sign-in: starts from what the verification already told us (a SubscriberCheck's
// SIM facts) and asks SIMCheck whatever else the policy needs, one question at a time.
import type { VerificationFlow } from '../flow-store.js';
import { assessSimSwap, type AccountOnNumber, type Assessment, type SimAnswers } from './assessment.js';
import { answerFromFacts } from './sim-change-answer.js';
import { askSimCheck, type SimChecks } from './sim-check-question.js';
import type { SimSwapSettings } from './settings.js';

export interface SimSwapDeps {
  readonly settings: SimSwapSettings;
  readonly simChecks: SimChecks;
}

export type SimSwapVerdict = Exclude<Assessment, { kind: 'ask' }>;

/** A completed SubscriberCheck answered "changed within the window?" for free — if it asked about this window. */
export function answersFromFlow(flow: VerificationFlow, settings: SimSwapSettings): SimAnswers {
  if (flow.product !== 'subscriber_check' || !flow.simFacts || flow.simPeriodMinutes !== settings.windowMinutes) return {};
  return { within_window: answerFromFacts(flow.simFacts, settings.windowMinutes, flow.simPeriodMinutes) };
}

export async function evaluateSimSwap(
  deps: SimSwapDeps,
  input: { phoneNumber: string; now: Date; account: AccountOnNumber | null; answers: SimAnswers },
): Promise<{ verdict: SimSwapVerdict; answers: SimAnswers }> {
  let answers = input.answers;
  for (;;) {
    const next = assessSimSwap(deps.settings, { now: input.now, account: input.account, answers });
    if (next.kind !== 'ask') return { verdict: next, answers };
    // Each question is asked at most once, so this ends after at most three SIMChecks.
    if (answers[next.question]) throw new Error(`sim-swap policy asked "${next.question}" twice`);
    answers = { ...answers, [next.question]: await askSimCheck(deps.simChecks, input.phoneNumber, next.wantedMinutes) };
  }
}
