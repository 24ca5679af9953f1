import { describe, expect, it } from 'vitest';
import { findDeepLink, routeFromDeepLink } from '../../../electron/shell/deep-link';
import { parseShellArgs, splitWallFlag } from '../../../electron/shell/shell-args';

describe('routeFromDeepLink()', () => {
  it('maps flowsight://region/NAME to the region view', () => {
    expect(routeFromDeepLink('flowsight://region/eu-west')).toBe('#/region/eu-west');
  });

  it('maps flowsight://region/NAME/SERVICE to the focus view', () => {
    expect(routeFromDeepLink('flowsight://region/eu-west/checkout/')).toBe('#/region/eu-west/checkout');
  });

  it('maps flowsight:// and flowsight://global to the global view', () => {
    expect(routeFromDeepLink('flowsight://')).toBe('#/');
    expect(routeFromDeepLink('flowsight://global')).toBe('#/');
  });

  it('re-encodes names so they cannot add segments or leave the fragment', () => {
    expect(routeFromDeepLink('flowsight://region/eu%20west/a%2Fb')).toBe('#/region/eu%20west/a%2Fb');
    expect(routeFromDeepLink('flowsight://region/<script>')).toBe('#/region/%3Cscript%3E');
  });

  it('ignores a query or fragment on the link', () => {
    expect(routeFromDeepLink('flowsight://region/eu?x=1#y')).toBe('#/region/eu');
  });

  it('refuses other schemes, unknown paths and malformed escapes', () => {
    for (const link of ['https://region/eu', 'flowsight:region/eu', 'flowsight://settings/x', 'flowsight://region/a/b/c', 'flowsight://region/%E0%A4%A', `flowsight://region/${'x'.repeat(3000)}`]) {
      expect(routeFromDeepLink(link)).toBeNull();
    }
  });

  it('accepts the scheme in any case, as Windows may pass it', () => {
    expect(routeFromDeepLink('FlowSight://region/eu')).toBe('#/region/eu');
  });
});

describe('findDeepLink()', () => {
  it('finds the link among Chromium switches', () => {
    expect(findDeepLink(['flowsight.exe', '--allow-file-access-from-files', 'flowsight://region/us'])).toBe('#/region/us');
  });

  it('answers null without a link', () => {
    expect(findDeepLink(['flowsight.exe', '--wall'])).toBeNull();
  });
});

describe('parseShellArgs()', () => {
  it('reads --wall with the default dwell', () => {
    expect(parseShellArgs(['electron', 'main.js', '--wall'])).toEqual({ wall: 20, config: null, route: null });
  });

  it('reads --wall=SECONDS and --wall SECONDS', () => {
    expect(parseShellArgs(['--wall=45']).wall).toBe(45);
    expect(parseShellArgs(['--wall', '30']).wall).toBe(30);
  });

  it('falls back to the default dwell for a silly value', () => {
    expect(parseShellArgs(['--wall=0']).wall).toBe(20);
  });

  it('reads --config in both spellings and a deep link', () => {
    expect(parseShellArgs(['--config', 'a.yaml', 'flowsight://region/eu'])).toEqual({ wall: null, config: 'a.yaml', route: '#/region/eu' });
    expect(parseShellArgs(['--config=b.yaml']).config).toBe('b.yaml');
  });

  it('skips arguments it does not know', () => {
    expect(parseShellArgs(['--no-sandbox', '--inspect', 'x'])).toEqual({ wall: null, config: null, route: null });
  });
});

describe('splitWallFlag()', () => {
  it('takes --wall out and leaves the serve flags', () => {
    expect(splitWallFlag(['--port', '0', '--wall', '--demo'])).toEqual({ wall: 20, rest: ['--port', '0', '--demo'] });
  });

  it('reads --wall=S and --wall S', () => {
    expect(splitWallFlag(['--wall=45'])).toEqual({ wall: 45, rest: [] });
    expect(splitWallFlag(['--wall', '30', '--host', '0.0.0.0'])).toEqual({ wall: 30, rest: ['--host', '0.0.0.0'] });
  });

  it('answers an error line for a dwell out of range', () => {
    expect(splitWallFlag(['--wall=0'])).toBe('--wall: expected seconds 1-3600, got "0"');
    expect(splitWallFlag(['--wall=abc'])).toBe('--wall: expected seconds 1-3600, got "abc"');
  });

  it('answers no wall without the flag', () => {
    expect(splitWallFlag([])).toEqual({ wall: null, rest: [] });
  });
});
