// Who we are to a passkey: the RP ID is PUBLIC_URL's host (a passkey made for it works on that host and
// nowhere else), the only origin we accept is PUBLIC_URL itself, and the name people see in the
// browser's passkey sheet is the product's.
export interface RelyingParty {
  /** e.g. "simpass.example" or "localhost": PUBLIC_URL's hostname, no port. */
  readonly id: string;
  /** e.g. "https://simpass.example": exactly PUBLIC_URL's origin. */
  readonly origin: string;
  readonly name: string;
}

export function relyingPartyFor(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return Object.freeze({ id: url.hostname, origin: url.origin, name: 'Simpass' });
}
