import { describe, expect, it, vi, type Mock } from 'vitest';
import { menuLabel, menuTemplate, regionRoute, type MenuActions, type MenuItemTemplate } from '../../../electron/shell/menu-template';
import { regionNames } from '../../../electron/shell/region-names';
import { decodeShellCommand } from '../../../electron/shell/shell-command';
import { isWallUrl, pageUrl, routeOfUrl } from '../../../electron/shell/page-url';

type MockActions = { [K in keyof MenuActions]: Mock<MenuActions[K]> };

function actions(): MockActions {
  return {
    openConfig: vi.fn(),
    reloadConfig: vi.fn(),
    showView: vi.fn(),
    newWindow: vi.fn(),
    toggleFullScreen: vi.fn(),
    toggleWall: vi.fn(),
    zoomIn: vi.fn(),
    zoomOut: vi.fn(),
    zoomReset: vi.fn(),
    toggleLabels: vi.fn(),
    fit: vi.fn(),
  };
}

function flatten(items: MenuItemTemplate[]): MenuItemTemplate[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}

const base = { platform: 'linux', regions: ['eu-west', 'R&D'], wall: false, configPath: '/srv/flowsight/prod.yaml', devTools: false };

describe('menuTemplate()', () => {
  it('has File, Edit, View and Window menus on Linux and Windows', () => {
    expect(menuTemplate(base, actions()).map((m) => m.label ?? m.role)).toEqual(['&File', 'editMenu', '&View', 'windowMenu']);
  });

  it('starts with the app menu on macOS', () => {
    expect(menuTemplate({ ...base, platform: 'darwin' }, actions())[0]).toEqual({ role: 'appMenu' });
  });

  it('lists each region as a view with a numbered shortcut and escapes & in its label', () => {
    const a = actions();
    const regions = flatten(menuTemplate(base, a)).find((i) => i.id === 'view-regions')?.submenu ?? [];
    expect(regions.map((r) => [r.label, r.accelerator])).toEqual([
      ['eu-west', 'CmdOrCtrl+1'],
      ['R&&D', 'CmdOrCtrl+2'],
    ]);
    regions[1]!.click?.();
    expect(a.showView).toHaveBeenCalledWith('#/region/R%26D');
  });

  it('shows a disabled placeholder before the first graph', () => {
    const regions = flatten(menuTemplate({ ...base, regions: [] }, actions())).find((i) => i.id === 'view-regions')?.submenu;
    expect(regions).toEqual([{ id: 'view-no-regions', label: 'No regions yet', enabled: false }]);
  });

  it('wires every command item to its action', () => {
    const a = actions();
    const items = flatten(menuTemplate(base, a));
    const pairs: [string, keyof MenuActions][] = [
      ['open-config', 'openConfig'],
      ['reload-config', 'reloadConfig'],
      ['new-window', 'newWindow'],
      ['full-screen', 'toggleFullScreen'],
      ['wall-mode', 'toggleWall'],
      ['zoom-in', 'zoomIn'],
      ['zoom-out', 'zoomOut'],
      ['zoom-reset', 'zoomReset'],
      ['toggle-labels', 'toggleLabels'],
      ['fit', 'fit'],
    ];
    for (const [id, action] of pairs) {
      items.find((i) => i.id === id)?.click?.();
      expect(a[action], id).toHaveBeenCalledTimes(1);
    }
    items.find((i) => i.id === 'view-global')?.click?.();
    expect(a.showView).toHaveBeenCalledWith('#/');
  });

  it('names the config being reloaded and ticks wall mode when it is on', () => {
    const items = flatten(menuTemplate({ ...base, wall: true }, actions()));
    expect(items.find((i) => i.id === 'reload-config')?.label).toBe('Reload Config (prod.yaml)');
    expect(items.find((i) => i.id === 'wall-mode')).toMatchObject({ type: 'checkbox', checked: true });
  });

  it('offers developer tools only in development builds', () => {
    expect(flatten(menuTemplate(base, actions())).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(flatten(menuTemplate({ ...base, devTools: true }, actions())).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe('menuLabel() and regionRoute()', () => {
  it('menuLabel() doubles every ampersand', () => {
    expect(menuLabel('a&b&&c')).toBe('a&&b&&&&c');
  });

  it('regionRoute() percent-encodes the name', () => {
    expect(regionRoute('eu west/1')).toBe('#/region/eu%20west%2F1');
  });
});

describe('regionNames()', () => {
  it('lists region nodes sorted, without INTERNET', () => {
    const graph = { renderer: 'global', nodes: [{ name: 'INTERNET', renderer: 'region' }, { name: 'us', renderer: 'region' }, { name: 'eu', renderer: 'region' }, { name: 'eu', renderer: 'region' }] };
    expect(regionNames(graph)).toEqual(['eu', 'us']);
  });

  it('skips anything not shaped like a region node', () => {
    expect(regionNames({ nodes: [null, 5, { name: 3, renderer: 'region' }, { name: 'x', renderer: 'focusedChild' }] })).toEqual([]);
    expect(regionNames('nope')).toEqual([]);
    expect(regionNames({ nodes: 'nope' })).toEqual([]);
  });
});

describe('decodeShellCommand()', () => {
  it('accepts the known commands', () => {
    expect(decodeShellCommand({ type: 'fit' })).toEqual({ type: 'fit' });
    expect(decodeShellCommand({ type: 'toggle-labels', extra: 1 })).toEqual({ type: 'toggle-labels' });
    expect(decodeShellCommand({ type: 'navigate', route: '#/region/eu' })).toEqual({ type: 'navigate', route: '#/region/eu' });
  });

  it('refuses unknown types and routes that are not view fragments', () => {
    expect(decodeShellCommand({ type: 'quit' })).toBeNull();
    expect(decodeShellCommand({ type: 'navigate', route: 'https://evil.example/' })).toBeNull();
    expect(decodeShellCommand({ type: 'navigate' })).toBeNull();
    expect(decodeShellCommand(undefined)).toBeNull();
  });
});

describe('pageUrl(), routeOfUrl(), isWallUrl()', () => {
  it('pageUrl() puts wall and token in the query and the view in the fragment', () => {
    expect(pageUrl('http://127.0.0.1:1234/', { token: 'abc', route: '#/region/eu', wallSeconds: 20 })).toBe('http://127.0.0.1:1234/?wall=20&token=abc#/region/eu');
  });

  it('pageUrl() falls back to the global view for anything that is not a view fragment', () => {
    expect(pageUrl('http://127.0.0.1:1234/', { token: null, route: 'javascript:x' })).toBe('http://127.0.0.1:1234/#/');
  });

  it('routeOfUrl() reads the view fragment', () => {
    expect(routeOfUrl('http://h/?token=x#/region/eu')).toBe('#/region/eu');
    expect(routeOfUrl('http://h/')).toBeNull();
    expect(routeOfUrl('http://h/#top')).toBeNull();
  });

  it('isWallUrl() spots wall mode', () => {
    expect(isWallUrl('http://h/?wall=20#/')).toBe(true);
    expect(isWallUrl('http://h/#/')).toBe(false);
  });
});
