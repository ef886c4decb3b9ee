// The number the person typed, kept in sessionStorage across the full-page trip to the check URL and
// back (the page is reloaded at /?check=<id>), so the result can name it and the field can be refilled.

const KEY = 'simpass.pendingPhoneCheck';

interface Pending {
  checkId: string;
  phoneNumber: string;
}

export function rememberPendingNumber(checkId: string, phoneNumber: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ checkId, phoneNumber } satisfies Pending));
  } catch {
    // Storage can be unavailable (disabled, full); the result then just does not name the number.
  }
}

/** The number typed for this check, or null. Forgets it either way. */
export function takePendingNumber(checkId: string): string | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { checkId: storedId, phoneNumber } = parsed as Partial<Record<keyof Pending, unknown>>;
    return storedId === checkId && typeof phoneNumber === 'string' ? phoneNumber : null;
  } catch {
    return null;
  }
}

export function forgetPendingNumber(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
}
