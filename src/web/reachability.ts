// Can this device be verified? Asks tru.ID's coverage API through the official SDK: the answer depends
// on the IP the browser reaches tru.ID from (mobile data of a covered operator → 200).
import { getReachability } from '@tru_id/tru-sdk-web';

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
    const { status } = await getReachability(truIdApiBaseUrl);
    return reachabilityFromStatus(status);
  } catch {
    // The SDK throws on a network failure and on a body that is not JSON.
    return 'unavailable';
  }
}
