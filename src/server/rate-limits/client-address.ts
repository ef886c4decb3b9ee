// Which "client" a per-address limit counts. An IPv4 address is one client (behind carrier-grade NAT
// it may be many phones: the limits leave room for that). An IPv6 subscriber is usually given a whole
// /64 and can pick any address in it at will, so counting single IPv6 addresses would let one phone
// reset its limit by changing address; we count the /64 instead. An IPv4-mapped IPv6 address
// (::ffff:192.0.2.1, what a dual-stack socket reports for an IPv4 peer) is that IPv4 address.
//
// The address is Fastify's request.ip, which follows TRUST_PROXY: without it, X-Forwarded-For is
// ignored, so a client cannot pick its own key.
import ipaddr from 'ipaddr.js';

export function clientAddressKey(ip: string): string {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip);
  } catch {
    // Not an address (a unix socket, a test double): counted as itself, bounded.
    return `other:${ip.slice(0, 64)}`;
  }
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    const [a, b, c, d] = v6.parts.map((part) => part.toString(16));
    return `${a}:${b}:${c}:${d}::/64`;
  }
  return address.toString();
}
