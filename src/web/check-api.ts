// The SIM check's routes and the sign-in that turns a matched check into a session, over api.ts's one
// request path. Apart from api.ts so the first load does not carry them: the check's chunk does.
import type { PhoneCheckResult, PhoneCheckStarted, SignedIn } from './api.js';
import { isRecord, optionalStr, parseUser, request, shapeError, str } from './api.js';

export async function createPhoneCheck(phoneNumber: string): Promise<PhoneCheckStarted> {
  const { status, body } = await request('POST', '/api/phone-check', { phone_number: phoneNumber });
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) throw shapeError(status, 'no data in the created check');
  return { checkId: str(data, 'checkId', status), checkUrl: str(data, 'checkUrl', status) };
}

export async function getPhoneCheck(checkId: string): Promise<PhoneCheckResult> {
  const { status, body } = await request('GET', `/api/phone-check/${encodeURIComponent(checkId)}`);
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) throw shapeError(status, 'no data in the check');
  const checkStatus = optionalStr(data, 'status');
  if (status === 202 || checkStatus === 'PENDING' || checkStatus === 'ACCEPTED') return { status: 'PENDING' };
  if (checkStatus === 'COMPLETED') return { status: 'COMPLETED', match: data.match === true };
  if (checkStatus === 'ERROR' || checkStatus === 'EXPIRED') {
    return { status: checkStatus, reason: optionalStr(data, 'reason'), message: optionalStr(data, 'message') };
  }
  throw shapeError(status, `unknown check status ${String(checkStatus)}`);
}

/**
 * Turns this browser's completed, matched check into an account and a session (sign-up or sign-in).
 * `startNewAccount`: the person's choice after a possibly-recycled-number refusal.
 */
export async function signIn(checkId: string, options: { startNewAccount?: boolean } = {}): Promise<SignedIn> {
  const { status, body } = await request('POST', '/api/sign-in', options.startNewAccount ? { checkId, startNewAccount: true } : { checkId });
  if (!isRecord(body) || !isRecord(body.data)) throw shapeError(status, 'no data in the sign-in answer');
  return {
    user: parseUser(status, body.data.user),
    created: body.data.created === true,
    message: optionalStr(body, 'message'),
  };
}
