// Puts one question to tru.ID's SIMCheck v0.1 ("did this number's SIM change within N minutes?") and
// turns the answer into a SimChangeAnswer. An operator that will not say is an answer ("unknown"),
// for the policy to weigh; tru.ID or the operator failing to answer is not: that is a
// `sim_check_unavailable` FlowError (503, try again), and nothing has been decided or spent.
import { TruIdApiError, type SimCheck, type TruIdClient } from '../../truid/index.js';
import { FlowError } from '../errors.js';
import { answerFromFacts, type SimChangeAnswer } from './sim-change-answer.js';
import { clampPeriod } from './settings.js';

export type SimChecks = Pick<TruIdClient['simChecks'], 'create'>;

/**
 * SimCheckErrorCodes that mean "this operator does not tell", not "try again": it may not share the
 * data, tru.ID does not support it, or it has no record of the number's SIM.
 */
const OPERATOR_WILL_NOT_SAY = new Set(['mno_no_data_available', 'mno_not_supported', 'mno_user_not_found']);

const UNAVAILABLE =
  "We couldn't ask your mobile network whether this number's SIM card changed recently, so we haven't signed you in yet. " +
  'Nothing was used up: please try again in a moment.';

export async function askSimCheck(simChecks: SimChecks, phoneNumber: string, wantedMinutes: number): Promise<SimChangeAnswer> {
  const period = clampPeriod(wantedMinutes);
  let check: SimCheck;
  try {
    check = await simChecks.create({ phone_number: phoneNumber, period });
  } catch (error) {
    // 400 MobileNetworkOperatorNotSupported (products.yaml create-sim-check): tru.ID cannot ask this operator.
    if (error instanceof TruIdApiError && error.status === 400) return { kind: 'unknown', wantedMinutes, reason: 'mno_not_supported' };
    throw new FlowError('sim_check_unavailable', UNAVAILABLE, undefined, { cause: error });
  }
  if (check.status === 'COMPLETED') {
    return answerFromFacts(
      {
        noSimChange: typeof check.no_sim_change === 'boolean' ? check.no_sim_change : null,
        changeWithinMinutes: typeof check.sim_change_within === 'number' ? check.sim_change_within : null,
      },
      wantedMinutes,
      period,
    );
  }
  const code = check.error_code ?? 'error';
  if (OPERATOR_WILL_NOT_SAY.has(code)) return { kind: 'unknown', wantedMinutes, reason: code };
  // mno_timeout, mno_server_error, mno_response_error: the operator may well answer next time.
  throw new FlowError('sim_check_unavailable', UNAVAILABLE, undefined, { cause: new Error(`SIMCheck ended in ERROR ${code}`) });
}
