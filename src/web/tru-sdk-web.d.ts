// Types for @tru_id/tru-sdk-web 0.0.11, which ships JavaScript only (dist/tru-id-sdk.mjs).
declare module '@tru_id/tru-sdk-web' {
  export interface ReachabilityResult {
    reachable: boolean;
    /** The coverage API's JSON body, whatever the status (a problem+json when not 200). */
    body: unknown;
    status: number;
  }

  export interface OpenCheckUrlOptions {
    checkMethod?: 'image' | 'window';
    windowCloseTimeout?: number;
    checkDeviceCoverage?: boolean;
    debug?: boolean;
    /** 'v0.2' navigates the whole page to the check URL; the promise then never settles. */
    version?: 'v0.1' | 'v0.2';
  }

  /** What openCheckUrl rejects with when its own coverage check is not 200. */
  export interface CoverageError extends Error {
    code: number;
    body: unknown;
  }

  export const DeviceCoverageErrors: { readonly UnsupportedMNO: 400; readonly NotMobileIP: 412 };

  /** Fetches `{origin of apiBaseUrl}/public/coverage/v0.1/device_ip`. Throws on network failure or a non-JSON body. */
  export function getReachability(apiBaseUrl: string): Promise<ReachabilityResult>;

  export function openCheckUrl(checkUrl: string, options?: OpenCheckUrlOptions): Promise<void>;

  const sdk: {
    DeviceCoverageErrors: typeof DeviceCoverageErrors;
    getReachability: typeof getReachability;
    openCheckUrl: typeof openCheckUrl;
  };
  export default sdk;
}
