import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from '../../../electron/shell/csp';
import { externalLinkTarget, isPermissionAllowed, isSameOrigin } from '../../../electron/shell/navigation';

const HUB = 'http://127.0.0.1:43210/';

describe('isSameOrigin()', () => {
  it('accepts any path, query or fragment on the hub', () => {
    expect(isSameOrigin('http://127.0.0.1:43210/?wall=20#/region/eu', HUB)).toBe(true);
  });

  it('refuses another port, host or scheme', () => {
    expect(isSameOrigin('http://127.0.0.1:9090/', HUB)).toBe(false);
    expect(isSameOrigin('http://localhost:43210/', HUB)).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:43210/', HUB)).toBe(false);
    expect(isSameOrigin('file:///etc/passwd', HUB)).toBe(false);
  });

  it('refuses what is not a URL', () => {
    expect(isSameOrigin('not a url', HUB)).toBe(false);
  });
});

describe('externalLinkTarget()', () => {
  it('passes http and https links', () => {
    expect(externalLinkTarget('https://grafana.example.com/d/x?a=1')).toBe('https://grafana.example.com/d/x?a=1');
  });

  it('drops local and custom schemes', () => {
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-msdt:/id', 'data:text/html,x']) {
      expect(externalLinkTarget(url)).toBeNull();
    }
  });

  it('drops links with credentials', () => {
    expect(externalLinkTarget('https://user:pass@example.com/')).toBeNull();
  });
});

describe('isPermissionAllowed()', () => {
  it('allows full screen for the hub page only', () => {
    expect(isPermissionAllowed('fullscreen', `${HUB}#/`, HUB)).toBe(true);
    expect(isPermissionAllowed('fullscreen', 'https://evil.example/', HUB)).toBe(false);
  });

  it('refuses everything else', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'hid', 'serial']) {
      expect(isPermissionAllowed(permission, HUB, HUB)).toBe(false);
    }
  });
});

describe('withContentSecurityPolicy()', () => {
  it('adds the policy when the server sent none', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('replaces a server policy whatever its header case, keeping other headers', () => {
    expect(withContentSecurityPolicy({ 'CONTENT-SECURITY-POLICY': ['default-src *'], ETag: ['"1"'] })).toEqual({
      ETag: ['"1"'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('allows no inline script, eval or remote origin', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:\/\//);
    expect(CONTENT_SECURITY_POLICY.split('; ')).toEqual(
      expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self' ws://127.0.0.1:*", "worker-src 'self' blob:"]),
    );
  });
});
