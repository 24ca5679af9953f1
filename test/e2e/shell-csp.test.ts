// The desktop shell replaces every response's Content-Security-Policy with its own
// (electron/shell/csp.ts, set by main.ts through session.webRequest.onHeadersReceived). Electron's binary
// cannot be downloaded here, so this replays that in real Chromium: every response from the hub gets the
// same header through the same function, and the app must load, connect its WebSocket, lay out a region
// (in its worker) and render with no CSP violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from '../../electron/shell/csp';
import { launchBrowser, openPage, waitForStats } from './support/browser';
import { topology } from './support/graph';
import { startHub, type RunningHub } from './support/hub';

const TOKEN = 'shell-csp-e2e-secret';
let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startHub(['--demo', '--port', '0', '--interval', '1', '--token', TOKEN]);
  // A response fulfilled by page.route() has no server address, so Chromium's Local Network Access
  // checks would count the page as public and block its WebSocket to 127.0.0.1. Electron loads the page
  // from the loopback hub itself, where these checks do not apply.
  browser = await launchBrowser(['--disable-features=LocalNetworkAccessChecks']);
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('the desktop shell’s CSP', () => {
  it('lets the app load, stream and lay out a region with no violation', async () => {
    const { page, problems } = await openPage(browser);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`));
    });
    let documentPolicy: string | undefined;
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers: Record<string, string[]> = {};
      for (const { name, value } of response.headersArray()) (headers[name] ??= []).push(value);
      const replaced = withContentSecurityPolicy(headers);
      const flat: Record<string, string> = {};
      for (const [name, values] of Object.entries(replaced)) flat[name] = values.join(', ');
      if (route.request().resourceType() === 'document') documentPolicy = flat['Content-Security-Policy'];
      await route.fulfill({ response, headers: flat });
    });

    const region = (await topology(hub.url, TOKEN)).regions[0];
    expect(region).toBeDefined();
    await page.goto(`${hub.url}?token=${TOKEN}#/region/${encodeURIComponent(region!)}`);
    const shown = await waitForStats(page, (s) => s.live && s.view === 'region' && s.nodes > 0);
    expect(shown.region).toBe(region);

    expect(documentPolicy).toBe(CONTENT_SECURITY_POLICY);
    // zod runs jitless (shared/protocol.ts), so validating hub messages needs no eval: no violation at all.
    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    expect(violations).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
