/**
 * Where `copilotSessions.runtimeUrl` points. The SDK reaches a runtime server over a plain TCP socket (no TLS, even
 * for an `https://` address), so the connection token and every prompt cross the network in the clear unless the
 * server is on this machine. No `vscode` import: unit-tested in plain Node.
 */

export interface RuntimeTarget {
  /** The host the SDK will connect to, lower-cased (an IPv6 address without its brackets). */
  host: string;
  /** 127.0.0.0/8, ::1 or `localhost`: the connection never leaves this machine. */
  loopback: boolean;
}

/**
 * Reads the host the way the SDK's `parseCliUrl` does (`port`, `host:port`, `[ipv6]:port`, `http(s)://host:port`).
 * Anything it cannot read counts as not loopback, so the user is asked rather than a guess trusted.
 */
export function runtimeTarget(runtimeUrl: string): RuntimeTarget {
  const clean = runtimeUrl.trim().replace(/^https?:\/\//i, '');
  if (/^\d+$/.test(clean)) return { host: 'localhost', loopback: true };
  const ipv6 = /^\[([^\]]+)\]:\d+$/.exec(clean);
  if (ipv6) {
    const host = ipv6[1].toLowerCase();
    return { host, loopback: isLoopbackIPv6(host) };
  }
  const parts = clean.split(':');
  if (parts.length !== 2) return { host: clean.toLowerCase(), loopback: false };
  const host = (parts[0] || 'localhost').toLowerCase();
  return { host, loopback: host === 'localhost' || isLoopbackIPv4(host) };
}

/** Only the strict dotted form: shorthand such as `127.1` goes to the resolver, so it is not trusted here. */
function isLoopbackIPv4(host: string): boolean {
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!octets && octets.slice(1).every((octet) => Number(octet) <= 255);
}

/** `::1` however it is spelled, and IPv4-mapped loopback (`::ffff:127.0.0.1`). */
function isLoopbackIPv6(host: string): boolean {
  let canonical: string;
  try {
    // The URL parser is the WHATWG one: it canonicalizes IPv6 (0:0:0:0:0:0:0:1 → ::1) and rejects what is not IPv6.
    canonical = new URL(`http://[${host}]/`).hostname;
  } catch {
    return false;
  }
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}
