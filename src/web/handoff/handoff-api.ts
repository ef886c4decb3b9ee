// The hand-off routes (src/server/handoff/handoff-routes.ts), through api.ts's one request path.
import { isRecord, optionalStr, parseUser, request, shapeError, str, type SignedIn } from '../api.js';

export type HandoffState = 'waiting' | 'opened' | 'approved' | 'signed_in' | 'cancelled' | 'refused' | 'expired';

const STATES: readonly HandoffState[] = ['waiting', 'opened', 'approved', 'signed_in', 'cancelled', 'refused', 'expired'];

export interface DesktopHandoff {
  state: HandoffState;
  matchCode: string;
  expiresAt: string;
  message: string | null;
}

export interface StartedHandoff extends DesktopHandoff {
  link: string;
  /** data:image/svg+xml URL of the link's QR code. */
  qrCode: string;
}

export interface PhoneHandoff {
  state: HandoffState;
  desktop: string;
  startedAt: string;
  expiresAt: string;
  numberFromDesktop: boolean;
  codeChoices: string[];
}

function state(value: unknown, status: number): HandoffState {
  const found = STATES.find((s) => s === value);
  if (!found) throw shapeError(status, `unknown hand-off state ${String(value)}`);
  return found;
}

export function parseDesktopHandoff(value: unknown, status: number): DesktopHandoff {
  if (!isRecord(value)) throw shapeError(status, 'no hand-off');
  return {
    state: state(value.state, status),
    matchCode: str(value, 'matchCode', status),
    expiresAt: str(value, 'expiresAt', status),
    message: optionalStr(value, 'message') ?? null,
  };
}

function parsePhoneHandoff(value: unknown, status: number): PhoneHandoff {
  if (!isRecord(value)) throw shapeError(status, 'no hand-off');
  return {
    state: state(value.state, status),
    desktop: str(value, 'desktop', status),
    startedAt: str(value, 'startedAt', status),
    expiresAt: str(value, 'expiresAt', status),
    numberFromDesktop: value.numberFromDesktop === true,
    codeChoices: Array.isArray(value.codeChoices) ? value.codeChoices.filter((c): c is string => typeof c === 'string') : [],
  };
}

const data = (body: unknown): unknown => (isRecord(body) ? body.data : undefined);

export async function startHandoff(phoneNumber: string | null): Promise<StartedHandoff> {
  const { status, body } = await request('POST', '/api/handoff', phoneNumber ? { phone_number: phoneNumber } : {});
  const value = data(body);
  if (!isRecord(value)) throw shapeError(status, 'no hand-off');
  return { ...parseDesktopHandoff(value, status), link: str(value, 'link', status), qrCode: str(value, 'qrCode', status) };
}

export async function getDesktopHandoff(): Promise<DesktopHandoff> {
  const { status, body } = await request('GET', '/api/handoff');
  return parseDesktopHandoff(data(body), status);
}

export async function cancelHandoff(): Promise<void> {
  await request('POST', '/api/handoff/cancel');
}

export async function claimHandoff(): Promise<SignedIn> {
  const { status, body } = await request('POST', '/api/handoff/claim');
  if (!isRecord(body) || !isRecord(body.data)) throw shapeError(status, 'no data in the claim answer');
  return { user: parseUser(status, body.data.user), created: body.data.created === true, message: optionalStr(body, 'message') };
}

export async function openHandoff(link: string): Promise<PhoneHandoff> {
  const { status, body } = await request('POST', '/api/handoff/open', { link });
  return parsePhoneHandoff(data(body), status);
}

/** This phone's hand-off, or null when it has none. */
export async function getPhoneHandoff(): Promise<PhoneHandoff | null> {
  const { status, body } = await request('GET', '/api/handoff/phone');
  return phoneHandoffFrom(status, body);
}

/** GET /api/handoff/phone's answer read: this phone's hand-off, or null when it has none. */
export function phoneHandoffFrom(status: number, body: unknown): PhoneHandoff | null {
  const value = data(body);
  return value === null ? null : parsePhoneHandoff(value, status);
}

export async function confirmHandoff(checkId: string, matchCode: string, options: { startNewAccount?: boolean } = {}): Promise<void> {
  await request('POST', '/api/handoff/confirm', { checkId, matchCode, ...(options.startNewAccount ? { startNewAccount: true } : {}) });
}
