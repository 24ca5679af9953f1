// Which addresses are this machine's own, parsed exactly: `127.evil.example` is a DNS name that anyone can
// point anywhere, not a loopback address; only IP literals (node:net) and the name `localhost` are.
import { isIP } from 'node:net';

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for `localhost`, 127.0.0.0/8, ::1 and the IPv4-mapped ::ffff:127.x.y.z. */
export function isLoopbackHost(host: string): boolean {
  const name = unbracket(host.trim()).toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true; // RFC 6761 §6.3: always loopback
  const family = isIP(name);
  if (family === 4) return name.split('.')[0] === '127';
  if (family === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\.\d+\.\d+\.\d+$/.test(name);
  return false;
}

/** True for an address that means every interface. */
export function isWildcardHost(host: string): boolean {
  const name = unbracket(host.trim());
  return name === '0.0.0.0' || name === '::' || name === '0:0:0:0:0:0:0:0';
}
