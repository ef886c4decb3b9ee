// How SIM-swap and recycled-number protection behaves: read once from the environment (config.ts)
// into this frozen shape. README "SIM-swap protection" explains each setting and why its default.

/**
 * Which tru.ID products learn whether the SIM changed:
 * - `subscriber_check`: every verification is a SubscriberCheck v0.2 (a PhoneCheck that also reports
 *   a SIM change within `period`): one check, one redirect. SIMChecks only for the follow-up questions.
 * - `phone_check+sim_check`: every verification is a PhoneCheck v0.2; at sign-in the server asks SIMCheck.
 * Either way every number gets the same kind of check, so the browser cannot tell whether it has an account.
 */
export const SIM_SWAP_CHECKS = ['subscriber_check', 'phone_check+sim_check'] as const;
export type SimSwapCheck = (typeof SIM_SWAP_CHECKS)[number];

export interface SimSwapSettings {
  readonly check: SimSwapCheck;
  /** A SIM change this recent (minutes, inclusive) blocks the sign-in; also what "dormant" means. */
  readonly windowMinutes: number;
  /** A new account on a number whose SIM changed within the window. */
  readonly signUpAfterRecentChange: 'allow' | 'refuse';
  /** When the operator does not say whether the SIM changed (mno_no_data_available, fields absent). */
  readonly whenOperatorHasNoData: 'refuse' | 'allow';
}

/** tru.ID's `period` (SubscriberCheckCreatePayload, SimCheckCreatePayload): 60 to 540,000 minutes. */
export const MIN_PERIOD_MINUTES = 60;
export const MAX_PERIOD_MINUTES = 540_000;

export const DEFAULT_SIM_SWAP_SETTINGS: SimSwapSettings = Object.freeze({
  check: 'subscriber_check',
  windowMinutes: 7 * 24 * 60,
  signUpAfterRecentChange: 'allow',
  whenOperatorHasNoData: 'refuse',
});

/** A look-back the API can answer: at least 60 minutes (wider is the cautious side), at most 540,000. */
export function clampPeriod(minutes: number): number {
  return Math.min(MAX_PERIOD_MINUTES, Math.max(MIN_PERIOD_MINUTES, Math.ceil(minutes)));
}
