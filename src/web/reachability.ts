// Can this device be verified? Asks tru.ID's coverage API: the answer depends on the IP the browser
// reaches tru.ID from (mobile data of a covered operator → 200). The same request as the official
// SDK's getReachability (GET <origin>/public/coverage/v0.1/device_ip), made here because it runs on
// every first load and the SDK is not needed until a check starts (its openCheckUrl, in the check's
// chunk, asks again against the check URL's origin before navigating).

export type Reachability =
  | 'reachable' // 200: on mobile data of a covered operator
  | 'not-mobile' // 412: WiFi or a fixed line
  | 'unsupported-operator' // 400: a mobile network tru.ID does not cover
  | 'unavailable'; // anything else, including no answer at all

/** Maps a coverage status (also the `code` of openCheckUrl's coverage error) to what it means here. */
export function reachabilityFromStatus(status: unknown): Reachability {
  switch (status) {
    case 200:
      return 'reachable';
    case 412:
      return 'not-mobile';
    case 400:
      return 'unsupported-operator';
    default:
      return 'unavailable';
  }
}

export async function checkReachability(truIdApiBaseUrl: string): Promise<Reachability> {
  try {
    const response = await fetch(`${new URL(truIdApiBaseUrl).origin}/public/coverage/v0.1/device_ip`);
    // As the SDK: an answer that is not JSON is no answer.
    await response.json();
    return reachabilityFromStatus(response.status);
  } catch {
    // No answer at all (offline, blocked), or a body that is not JSON.
    return 'unavailable';
  }
}
