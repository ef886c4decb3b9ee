// Tells the page when this device's connection may have changed — WiFi turned off, mobile data back —
// so reachability is asked again without a reload. Browsers say it in different ways: `online` and
// `offline` on window everywhere; the Network Information API's `change` (navigator.connection) in
// Chromium-based browsers, which also fires when WiFi gives way to mobile data without going offline.
// Safari and Firefox have no navigator.connection: there the page's "Check again" button covers it.

/** The part of the Network Information API we use; not in TypeScript's DOM types. */
interface NetworkInformationLike extends EventTarget {
  readonly type?: string;
}

export function onConnectionChange(handler: (online: boolean) => void): void {
  const changed = (): void => handler(navigator.onLine);
  window.addEventListener('online', changed);
  window.addEventListener('offline', changed);
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection;
  connection?.addEventListener('change', changed);
}
