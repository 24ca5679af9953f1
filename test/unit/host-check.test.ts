import { describe, expect, it } from 'vitest';
import { createHostAllowList, hostnameOf } from '../../electron/hub/host-check';
import { isLoopbackHost } from '../../electron/hub/loopback';

describe('isLoopbackHost()', () => {
  it('is true for localhost and loopback IP literals only', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'wall.localhost']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('is false for DNS names that merely start like loopback, and for other addresses', () => {
    for (const host of ['127.evil.example', '127.0.0.1.nip.io', 'localhost.evil.example', '0.0.0.0', '10.0.0.1', '::', '128.0.0.1', '1270.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('createHostAllowList().allows()', () => {
  const loopback = createHostAllowList('127.0.0.1');

  it('allows loopback names and IP literals with any port', () => {
    for (const host of ['127.0.0.1:7300', 'localhost:7300', '[::1]:7300', 'localhost', '10.1.2.3:7300']) expect(loopback.allows(host), host).toBe(true);
  });

  it('refuses a rebinding DNS name and malformed Host headers', () => {
    for (const host of ['evil.example:7300', '127.evil.example:7300', 'a@localhost', 'localhost/x', '']) expect(loopback.allows(host), host).toBe(false);
  });

  it('allows the bind name, configured names, and on a wildcard bind the machine names', () => {
    expect(createHostAllowList('wall.noc.example').allows('WALL.noc.example:7300')).toBe(true);
    expect(createHostAllowList('127.0.0.1', ['flowsight.noc.example']).allows('flowsight.noc.example')).toBe(true);
    expect(createHostAllowList('0.0.0.0', [], ['noc-box']).allows('noc-box:7300')).toBe(true);
    expect(createHostAllowList('127.0.0.1', [], ['noc-box']).allows('noc-box:7300')).toBe(false);
  });

  it('hostnameOf() lower-cases and strips the port and brackets', () => {
    expect(hostnameOf('Wall.Example:80')).toBe('wall.example');
    expect(hostnameOf('[::1]:7300')).toBe('::1');
  });
});
