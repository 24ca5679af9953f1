import { describe, expect, it } from 'vitest';
import { createAuthenticator, presentedToken, redactToken, requireRole, tokenProblem, type AuthRequest } from '../../electron/hub/auth';

const VIEWER = 'viewer-secret-123';
const OPERATOR = 'operator-secret-456';

function request(overrides: Partial<AuthRequest> = {}): AuthRequest {
  return { headers: {}, url: '/api/graph', remoteAddress: '10.0.0.7', ...overrides };
}

function bearer(token: string, remoteAddress = '10.0.0.7'): AuthRequest {
  return request({ headers: { authorization: `Bearer ${token}` }, remoteAddress });
}

describe('createAuthenticator().check()', () => {
  const auth = createAuthenticator({ viewerTokens: [VIEWER], operatorTokens: [OPERATOR] });

  it('lets everyone in as operator when no token is configured', () => {
    const open = createAuthenticator({ viewerTokens: [], operatorTokens: [] });
    expect(open.required).toBe(false);
    expect(open.check(request())).toEqual({ ok: true, role: 'operator' });
  });

  it('gives a viewer token the viewer role', () => {
    expect(auth.check(bearer(VIEWER))).toEqual({ ok: true, role: 'viewer' });
  });

  it('gives an operator token the operator role', () => {
    expect(auth.check(bearer(OPERATOR))).toEqual({ ok: true, role: 'operator' });
  });

  it('accepts the token from the URL for WebSocket upgrades', () => {
    expect(auth.check(request({ url: `/ws?v=1&token=${OPERATOR}` }))).toEqual({ ok: true, role: 'operator' });
  });

  it('answers 401 when no token is presented', () => {
    expect(auth.check(request())).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 401 for a wrong token and never echoes it in the reason', () => {
    const result = auth.check(bearer('guess-guess-guess'));
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(JSON.stringify(result)).not.toContain('guess-guess-guess');
  });

  it('answers 401 for a prefix of a real token', () => {
    expect(auth.check(bearer(OPERATOR.slice(0, -1)))).toMatchObject({ ok: false, status: 401 });
  });

  it('ignores an Authorization header that is not a bearer token', () => {
    expect(auth.check(request({ headers: { authorization: `Basic ${OPERATOR}` } }))).toMatchObject({ status: 401 });
  });

  it('prefers the operator role when one token is listed as both', () => {
    const both = createAuthenticator({ viewerTokens: [OPERATOR], operatorTokens: [OPERATOR] });
    expect(both.check(bearer(OPERATOR))).toEqual({ ok: true, role: 'operator' });
  });
});

describe('createAuthenticator() rate limiting', () => {
  function limited(clock: { t: number }) {
    return createAuthenticator({ viewerTokens: [VIEWER], operatorTokens: [OPERATOR], now: () => clock.t });
  }

  it('answers 429 to wrong tokens after ten failures in a minute, and lets the right token in at once', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    for (let i = 0; i < 10; i++) expect(auth.check(bearer('wrong-token'))).toMatchObject({ status: 401 });
    expect(auth.check(bearer('wrong-token'))).toMatchObject({ status: 429 });
    expect(auth.check(bearer(OPERATOR))).toEqual({ ok: true, role: 'operator' }); // same instant, same address
    expect(auth.check(bearer('wrong-token-2'))).toMatchObject({ status: 429 });
  });

  it('never throttles the operator while a flood of wrong tokens comes from the same address', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    let operatorIn = 0;
    let wrongLimited = 0;
    // One second: 1,000 wrong guesses from the operator's own address, the operator's display polling among them.
    for (let i = 0; i < 1000; i++, clock.t += 1) {
      const wrong = auth.check(bearer(`guess-${i}-xxxxxxxxxxxx`));
      if (!wrong.ok && wrong.status === 429) wrongLimited++;
      if (i % 10 === 0 && auth.check(bearer(OPERATOR)).ok) operatorIn++;
    }
    expect(operatorIn).toBe(100);
    expect(wrongLimited).toBe(990); // all but the first ten
    expect(auth.check(bearer('guess-last-xxxxxxxxxx'))).toMatchObject({ status: 429 });
  });

  it('is not reset by successes of another token from the same address', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    let unauthorised = 0;
    // Three seconds of guesses interleaved with a valid viewer token (which once reset the count).
    for (let i = 0; i < 300; i++, clock.t += 10) {
      auth.check(bearer(VIEWER));
      if (auth.check(bearer(`guess-${i}-xxxxxxxxxxxx`)).ok === false) unauthorised++;
    }
    expect(unauthorised).toBe(300);
    expect(auth.check(bearer('guess-more-xxxxxxxxx'))).toMatchObject({ status: 429 });
  });

  it('counts failures per token prefix across addresses', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    for (let i = 0; i < 10; i++) auth.check(bearer(`same-prefix-guess-${i}`, `10.1.0.${i}`));
    expect(auth.check(bearer('same-prefix-guess-x', '10.1.0.99'))).toMatchObject({ status: 429 });
    expect(auth.check(bearer('other-guess-xxxxxx', '10.1.0.99'))).toMatchObject({ status: 401 });
  });

  it('lets the right token in even when guesses sharing its prefix are limited', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    for (let i = 0; i < 10; i++) auth.check(bearer(`${OPERATOR.slice(0, 4)}-guess-${i}-xxxxxxx`, `10.2.0.${i}`));
    expect(auth.check(bearer(`${OPERATOR.slice(0, 4)}-guess-x-xxxxxxx`, '10.2.0.99'))).toMatchObject({ status: 429 });
    expect(auth.check(bearer(OPERATOR, '10.2.0.99'))).toEqual({ ok: true, role: 'operator' });
  });

  it('limits per remote address, so other displays keep working', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    for (let i = 0; i < 11; i++) auth.check(bearer(`wrong-token-${i}`, '10.0.0.66'));
    expect(auth.check(bearer('wrong-token-x', '10.0.0.66'))).toMatchObject({ status: 429 });
    expect(auth.check(bearer('xrong-token-x', '10.0.0.8'))).toMatchObject({ status: 401 });
    expect(auth.check(bearer(VIEWER, '10.0.0.66'))).toEqual({ ok: true, role: 'viewer' });
    expect(auth.check(bearer(VIEWER, '10.0.0.8'))).toEqual({ ok: true, role: 'viewer' });
  });

  it('lets an address in again once the block has expired', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    for (let i = 0; i < 10; i++) auth.check(bearer('wrong-token'));
    expect(auth.check(bearer('wrong-token'))).toMatchObject({ status: 429 });
    clock.t = 60_002 + 60_000;
    expect(auth.check(bearer('wrong-token'))).toMatchObject({ status: 401 });
  });

  it('forgets failures older than the window', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    for (let i = 0; i < 9; i++) auth.check(bearer(`wrong-token-${i}`));
    clock.t = 61_000;
    for (let i = 0; i < 9; i++) expect(auth.check(bearer(`wrong-token-${i}`))).toMatchObject({ status: 401 });
  });

  it('does not count requests without a token as failures', () => {
    const clock = { t: 0 };
    const auth = limited(clock);
    for (let i = 0; i < 50; i++) expect(auth.check(request())).toMatchObject({ status: 401 });
    expect(auth.check(bearer(VIEWER))).toEqual({ ok: true, role: 'viewer' });
  });

  it('evicts the oldest addresses so memory stays bounded', () => {
    const clock = { t: 0 };
    const auth = createAuthenticator({
      viewerTokens: [VIEWER],
      operatorTokens: [],
      now: () => clock.t,
      maxFailures: 2,
      maxTrackedAddresses: 3,
    });
    auth.check(bearer('wrong1', 'a'));
    auth.check(bearer('wrong2', 'a'));
    auth.check(bearer('wrong3', 'a'));
    expect(auth.check(bearer('xwrong4', 'a'))).toMatchObject({ status: 429 });
    for (const address of ['b', 'c', 'd']) auth.check(bearer(`${address}-wrong`, address));
    // 'a' was the oldest record and has been evicted, so it is no longer blocked.
    expect(auth.check(bearer('ywrong5', 'a'))).toMatchObject({ status: 401 });
  });
});

describe('createAuthenticator().checkOrigin()', () => {
  const auth = createAuthenticator({
    viewerTokens: [VIEWER],
    operatorTokens: [],
    allowedOrigins: ['https://noc.example.com'],
  });

  it('accepts a request without Origin, as non-browser clients send', () => {
    expect(auth.checkOrigin(undefined, '10.0.0.1:7300')).toBe(true);
  });

  it('accepts the hub’s own origin', () => {
    expect(auth.checkOrigin('http://10.0.0.1:7300', '10.0.0.1:7300')).toBe(true);
  });

  it('accepts the hub’s own origin on a default port spelled out in Host', () => {
    expect(auth.checkOrigin('http://wall.local', 'WALL.local:80')).toBe(true);
  });

  it('accepts a listed extra origin', () => {
    expect(auth.checkOrigin('https://noc.example.com', '10.0.0.1:7300')).toBe(true);
  });

  it('refuses another site', () => {
    expect(auth.checkOrigin('https://evil.example', '10.0.0.1:7300')).toBe(false);
  });

  it('refuses the same host on another port', () => {
    expect(auth.checkOrigin('http://10.0.0.1:8080', '10.0.0.1:7300')).toBe(false);
  });

  it('refuses the opaque null origin and non-http schemes', () => {
    expect(auth.checkOrigin('null', '10.0.0.1:7300')).toBe(false);
    expect(auth.checkOrigin('file://', '10.0.0.1:7300')).toBe(false);
  });
});

describe('presentedToken(), redactToken(), requireRole()', () => {
  it('presentedToken() prefers the header to the URL', () => {
    expect(presentedToken({ headers: { authorization: 'Bearer from-header' }, url: '/ws?token=from-url' })).toBe('from-header');
  });

  it('presentedToken() decodes a percent-encoded URL token', () => {
    expect(presentedToken({ headers: {}, url: '/ws?token=a%2Bb%3D' })).toBe('a+b=');
  });

  it('redactToken() hides the token but keeps the rest of the URL', () => {
    expect(redactToken('/ws?v=1&token=s3cret&x=2#/region/eu')).toBe('/ws?v=1&token=[redacted]&x=2#/region/eu');
  });

  it('requireRole() answers 403 when a viewer asks for an operator action', () => {
    expect(requireRole({ ok: true, role: 'viewer' }, 'operator')).toMatchObject({ ok: false, status: 403 });
    expect(requireRole({ ok: true, role: 'operator' }, 'operator')).toEqual({ ok: true, role: 'operator' });
    expect(requireRole({ ok: true, role: 'viewer' }, 'viewer')).toEqual({ ok: true, role: 'viewer' });
  });
});

describe('tokenProblem()', () => {
  it('refuses tokens shorter than 16 bytes and accepts longer ones', () => {
    expect(tokenProblem('x')).toMatch(/at least 16 bytes/);
    expect(tokenProblem('fifteen-chars!!')).toMatch(/at least 16 bytes/);
    expect(tokenProblem('sixteen-chars!!!')).toBeNull();
  });
});
