// The paths that are never a page: the API, and the operational routes a probe, Prometheus or a tool
// reads (/healthz, /readyz, /metrics, /openapi.json). They answer JSON (or Prometheus text) only, so
// they take the API's security headers (security-headers.ts) and answer on any host, where a page is
// sent to the public one (canonical-host.ts).
const OPERATIONAL_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json']);

export function answersJsonOnly(url: string): boolean {
  return url.startsWith('/api/') || OPERATIONAL_PATHS.has(url);
}
