// DNS rebinding defence: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches the hub with
// `Host: evil.example:7300`. Only names the hub knows itself by are served; IP literals always are (a
// rebinding attack needs a DNS name), as are `localhost` names (browsers resolve them to loopback themselves).
import { isIP } from 'node:net';
import { isLoopbackHost, isWildcardHost } from './loopback';

export interface HostAllowList {
  /** True when the Host header names this hub; an absent Host (HTTP/1.0 tools) is allowed. */
  allows(hostHeader: string | undefined): boolean;
}

/** The hostname of a Host header (`name:port`, `[v6]:port`), lower case, or undefined when malformed. */
export function hostnameOf(hostHeader: string): string | undefined {
  try {
    const url = new URL(`http://${hostHeader.trim()}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * `bindHost` is the address the hub listens on (a name there is allowed too); `allowedHosts` the config's
 * extra names (the wall's DNS name behind a load balancer, say); `machineNames` this machine's hostnames
 * (allowed on a wildcard bind, where users type them).
 */
export function createHostAllowList(bindHost: string, allowedHosts: readonly string[] = [], machineNames: readonly string[] = []): HostAllowList {
  const names = new Set<string>();
  const add = (name: string): void => void names.add(name.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, ''));
  add(bindHost);
  for (const name of allowedHosts) add(name);
  if (isWildcardHost(bindHost)) for (const name of machineNames) add(name);
  return {
    allows(hostHeader) {
      if (hostHeader === undefined) return true;
      const name = hostnameOf(hostHeader);
      if (name === undefined) return false;
      return isIP(name) !== 0 || isLoopbackHost(name) || names.has(name);
    },
  };
}
