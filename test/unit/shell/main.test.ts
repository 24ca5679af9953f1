// The main process against a mocked electron and a fake hub: what it asks of Electron, and how it answers
// the events Electron would send.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubOptions, RunningHub } from '../../../electron/hub/hub';
import { CONTENT_SECURITY_POLICY } from '../../../electron/shell/csp';
import type { MenuItemTemplate } from '../../../electron/shell/menu-template';
import { SHELL_COMMAND_CHANNEL } from '../../../electron/shell/shell-command';
import { STATE_FILE_NAME } from '../../../electron/shell/state-store';
import { MockBrowserWindow, app, dialog, mockEvent, mockState, Menu, resetElectronMock, session, shell } from '../../mocks/electron';

vi.mock('electron', () => import('../../mocks/electron'));

const HUB_URL = 'http://127.0.0.1:43210/';
const hubCalls: HubOptions[] = [];
const closeHub = vi.fn(() => Promise.resolve());

vi.mock('../../../electron/hub/hub', () => ({
  startHub: (options: HubOptions): Promise<Pick<RunningHub, 'url' | 'port' | 'close'>> => {
    hubCalls.push(options);
    return Promise.resolve({ url: HUB_URL, port: 43210, close: closeHub });
  },
}));

const { startShell } = await import('../../../electron/main');
type Shell = NonNullable<Awaited<ReturnType<typeof startShell>>>;

let userData: string;
let running: Shell | null = null;

async function launch(argv: string[] = []): Promise<Shell> {
  const shellInstance = await startShell(['electron', 'dist/electron/main.js', ...argv]);
  if (!shellInstance) throw new Error('the shell did not start');
  running = shellInstance;
  return shellInstance;
}

function onlyWindow(): MockBrowserWindow {
  expect(MockBrowserWindow.instances).toHaveLength(1);
  return MockBrowserWindow.instances[0]!;
}

function menuItems(): MenuItemTemplate[] {
  const flatten = (items: MenuItemTemplate[]): MenuItemTemplate[] => items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
  return flatten((Menu.applicationMenu?.template ?? []) as MenuItemTemplate[]);
}

function menuItem(id: string): MenuItemTemplate {
  const item = menuItems().find((i) => i.id === id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
}

beforeEach(() => {
  resetElectronMock();
  hubCalls.length = 0;
  closeHub.mockClear();
  userData = mkdtempSync(join(tmpdir(), 'flowsight-shell-'));
  mockState.userData = userData;
});

afterEach(async () => {
  await running?.close();
  running = null;
  vi.unstubAllGlobals();
  rmSync(userData, { recursive: true, force: true });
});

describe('startShell() windows', () => {
  it('opens the window with context isolation, the sandbox, no Node integration and the bundled preload', async () => {
    await launch();
    const prefs = onlyWindow().options.webPreferences ?? {};
    expect(prefs['contextIsolation']).toBe(true);
    expect(prefs['sandbox']).toBe(true);
    expect(prefs['nodeIntegration']).toBe(false);
    expect(prefs['webSecurity']).toBe(true);
    expect(String(prefs['preload'])).toMatch(/[\\/]preload\.cjs$/);
    expect(prefs['additionalArguments']).toEqual(['--flowsight-version=0.1.0-test']);
  });

  it('starts the hub on loopback with a free port and the launch token as its only operator token', async () => {
    const started = await launch();
    expect(hubCalls).toHaveLength(1);
    expect(hubCalls[0]).toMatchObject({ host: '127.0.0.1', port: 0, tokens: [started.token] });
    expect(hubCalls[0]!.sources.map((s) => s.type)).toEqual(['demo']);
  });

  it('loads the hub page with a fresh random token on each launch', async () => {
    const first = await launch();
    expect(onlyWindow().loadedUrls).toEqual([`${HUB_URL}?token=${first.token}#/`]);
    await first.close();
    resetElectronMock();
    const second = await launch();
    expect(first.token).toMatch(/^[\w-]{43}$/);
    expect(second.token).not.toBe(first.token);
  });

  it('opens a full-screen kiosk window on the wall page with --wall', async () => {
    const started = await launch(['--wall']);
    const window = onlyWindow();
    expect(window.options).toMatchObject({ fullscreen: true, kiosk: true });
    expect(window.loadedUrls[0]).toBe(`${HUB_URL}?wall=20&token=${started.token}#/`);
  });

  it('opens "New Window" on another display when there is one', async () => {
    mockState.displays = [
      { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } },
      { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1440 } },
    ];
    await launch();
    menuItem('new-window').click?.();
    expect(MockBrowserWindow.instances).toHaveLength(2);
    const second = MockBrowserWindow.instances[1]!;
    expect(second.options['x']).toBeGreaterThanOrEqual(1920);
  });

  it('reloads a window after a failed load, so a wall recovers without a click', async () => {
    vi.useFakeTimers();
    try {
      await launch(['--wall']);
      const window = onlyWindow();
      window.webContents.emit('did-fail-load', mockEvent(), -102, 'CONNECTION_REFUSED', HUB_URL, true);
      vi.advanceTimersByTime(2_000);
      expect(window.loadedUrls).toHaveLength(2);
      expect(window.loadedUrls[1]).toContain('wall=20');
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not reload after a load that a newer one replaced', async () => {
    vi.useFakeTimers();
    try {
      await launch();
      const window = onlyWindow();
      window.webContents.emit('did-fail-load', mockEvent(), -3, 'ERR_ABORTED', HUB_URL, true);
      window.webContents.emit('did-fail-load', mockEvent(), -102, 'CONNECTION_REFUSED', `${HUB_URL}frame`, false);
      vi.advanceTimersByTime(5_000);
      expect(window.loadedUrls).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('startShell() navigation and content security', () => {
  it('denies window.open for every URL', async () => {
    await launch();
    const handler = onlyWindow().webContents.windowOpenHandler;
    expect(handler).not.toBeNull();
    for (const url of ['https://example.com/', `${HUB_URL}#/region/eu`, 'javascript:alert(1)', 'file:///etc/passwd', 'about:blank']) {
      expect(handler!({ url })).toEqual({ action: 'deny' });
    }
  });

  it('opens http(s) links from window.open in the user’s browser, and nothing else', async () => {
    await launch();
    const handler = onlyWindow().webContents.windowOpenHandler!;
    handler({ url: 'https://grafana.example.com/d/flowsight' });
    handler({ url: 'file:///etc/passwd' });
    handler({ url: 'smb://attacker/share' });
    expect(shell.openExternal.mock.calls).toEqual([['https://grafana.example.com/d/flowsight']]);
  });

  it('prevents navigation to another origin and allows the hub’s own', async () => {
    await launch();
    const contents = onlyWindow().webContents;
    const away = mockEvent();
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const otherPort = mockEvent();
    contents.emit('will-navigate', otherPort, 'http://127.0.0.1:9090/');
    expect(otherPort.defaultPrevented).toBe(true);
    const home = mockEvent();
    contents.emit('will-navigate', home, `${HUB_URL}?wall=20#/`);
    expect(home.defaultPrevented).toBe(false);
  });

  it('prevents redirects away from the hub and refuses <webview>', async () => {
    await launch();
    const contents = onlyWindow().webContents;
    const redirect = mockEvent();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.defaultPrevented).toBe(true);
    const webview = mockEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('sets the strict CSP header on every response, replacing the server’s', async () => {
    await launch();
    const listener = session.defaultSession.headersListener;
    expect(listener).not.toBeNull();
    let headers: Record<string, string[]> | undefined;
    listener!({ url: HUB_URL, responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } }, (response) => {
      headers = response.responseHeaders;
    });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });

  it('refuses the camera and geolocation but allows full screen for the hub’s page', async () => {
    await launch();
    const request = session.defaultSession.permissionRequestHandler!;
    const answers: boolean[] = [];
    request(null, 'media', (granted) => answers.push(granted), { requestingUrl: HUB_URL });
    request(null, 'geolocation', (granted) => answers.push(granted), { requestingUrl: HUB_URL });
    request(null, 'fullscreen', (granted) => answers.push(granted), { requestingUrl: HUB_URL });
    request(null, 'fullscreen', (granted) => answers.push(granted), { requestingUrl: 'https://evil.example/' });
    expect(answers).toEqual([false, false, true, false]);
    expect(session.defaultSession.permissionCheckHandler!(null, 'notifications', 'http://127.0.0.1:43210')).toBe(false);
  });
});

describe('startShell() menu', () => {
  it('sets a native menu with config, views, full screen, wall mode, zoom and labels', async () => {
    await launch();
    const ids = menuItems().map((i) => i.id).filter(Boolean);
    expect(ids).toEqual(
      expect.arrayContaining(['open-config', 'reload-config', 'new-window', 'view-global', 'view-regions', 'full-screen', 'wall-mode', 'zoom-in', 'zoom-out', 'zoom-reset', 'toggle-labels', 'fit']),
    );
  });

  it('lists the hub’s regions under Views and sends the chosen one to the page', async () => {
    vi.stubGlobal('fetch', vi.fn(() =>
      Promise.resolve(new Response(JSON.stringify({ renderer: 'global', nodes: [{ name: 'INTERNET', renderer: 'region' }, { name: 'us-east', renderer: 'region' }, { name: 'eu-west', renderer: 'region' }] }))),
    ));
    const started = await launch();
    await started.refreshRegions();
    const regions = menuItem('view-regions').submenu ?? [];
    expect(regions.map((r) => r.label)).toEqual(['eu-west', 'us-east']);
    regions[1]!.click?.();
    expect(onlyWindow().webContents.send).toHaveBeenLastCalledWith(SHELL_COMMAND_CHANNEL, { type: 'navigate', route: '#/region/us-east' });
  });

  it('sends toggle-labels and fit to the page, and zooms in the main process', async () => {
    await launch();
    const window = onlyWindow();
    menuItem('toggle-labels').click?.();
    menuItem('fit').click?.();
    expect(window.webContents.send.mock.calls).toEqual([
      [SHELL_COMMAND_CHANNEL, { type: 'toggle-labels' }],
      [SHELL_COMMAND_CHANNEL, { type: 'fit' }],
    ]);
    menuItem('zoom-in').click?.();
    expect(window.webContents.zoomLevel).toBe(0.5);
    menuItem('zoom-reset').click?.();
    expect(window.webContents.zoomLevel).toBe(0);
  });

  it('turns wall mode on and off from the menu', async () => {
    const started = await launch();
    const window = onlyWindow();
    menuItem('wall-mode').click?.();
    expect(window.kiosk).toBe(true);
    expect(window.loadedUrls.at(-1)).toBe(`${HUB_URL}?wall=20&token=${started.token}#/`);
    expect(menuItem('wall-mode').checked).toBe(true);
    menuItem('wall-mode').click?.();
    expect(window.kiosk).toBe(false);
    expect(window.loadedUrls.at(-1)).toBe(`${HUB_URL}?token=${started.token}#/`);
  });

  it('keeps the running hub and says why when an opened config is broken', async () => {
    const broken = join(userData, 'broken.yaml');
    (await import('node:fs')).writeFileSync(broken, 'interval: 5\nsourcez: []\n');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [broken] });
    await launch();
    menuItem('open-config').click?.();
    await vi.waitFor(() => expect(dialog.showErrorBox).toHaveBeenCalled());
    expect(String(dialog.showErrorBox.mock.calls[0]![1])).toContain('sourcez');
    expect(closeHub).not.toHaveBeenCalled();
  });
});

describe('startShell() single instance and deep links', () => {
  it('quits at once when another instance holds the lock', async () => {
    mockState.singleInstanceLock = false;
    expect(await startShell(['electron', 'main.js'])).toBeNull();
    expect(app.quit).toHaveBeenCalled();
    expect(MockBrowserWindow.instances).toHaveLength(0);
    expect(hubCalls).toHaveLength(0);
  });

  it('registers the flowsight:// scheme', async () => {
    await launch();
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('flowsight');
  });

  it('focuses the window and shows the view when a second instance is started with a deep link', async () => {
    await launch();
    const window = onlyWindow();
    window.minimized = true;
    app.emit('second-instance', mockEvent(), ['flowsight.exe', 'flowsight://region/eu%20west/checkout'], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
    expect(window.webContents.send).toHaveBeenLastCalledWith(SHELL_COMMAND_CHANNEL, { type: 'navigate', route: '#/region/eu%20west/checkout' });
  });

  it('only focuses the window when a second instance has no deep link', async () => {
    await launch();
    app.emit('second-instance', mockEvent(), ['flowsight.exe', '--some-chromium-switch'], '/');
    expect(onlyWindow().focused).toBe(1);
    expect(onlyWindow().webContents.send).not.toHaveBeenCalled();
  });

  it('opens on the view of a deep link given at launch', async () => {
    const started = await launch(['flowsight://region/us-east']);
    expect(onlyWindow().loadedUrls[0]).toBe(`${HUB_URL}?token=${started.token}#/region/us-east`);
  });

  it('handles macOS open-url deep links and ignores other schemes', async () => {
    await launch();
    const event = mockEvent();
    app.emit('open-url', event, 'flowsight://region/ap-south');
    app.emit('open-url', mockEvent(), 'https://evil.example/#/region/x');
    expect(event.defaultPrevented).toBe(true);
    expect(onlyWindow().webContents.send.mock.calls).toEqual([[SHELL_COMMAND_CHANNEL, { type: 'navigate', route: '#/region/ap-south' }]]);
  });
});

describe('startShell() remembered state', () => {
  it('remembers the window bounds and last view across launches', async () => {
    await launch();
    const window = onlyWindow();
    window.webContents.emit('did-navigate-in-page', mockEvent(), `${HUB_URL}#/region/eu-west`, true);
    window.bounds = { x: 200, y: 150, width: 1280, height: 720 };
    window.close();
    const saved: unknown = JSON.parse(readFileSync(join(userData, STATE_FILE_NAME), 'utf8'));
    expect(saved).toMatchObject({ route: '#/region/eu-west', bounds: { x: 200, y: 150, width: 1280, height: 720 } });

    await running?.close();
    resetElectronMock();
    const again = await launch();
    const reopened = onlyWindow();
    expect(reopened.options).toMatchObject({ x: 200, y: 150, width: 1280, height: 720 });
    expect(reopened.loadedUrls[0]).toBe(`${HUB_URL}?token=${again.token}#/region/eu-west`);
  });

  it('does not remember the views a wall rotates through', async () => {
    await launch(['--wall']);
    onlyWindow().webContents.emit('did-navigate-in-page', mockEvent(), `${HUB_URL}?wall=20#/region/eu-west`, true);
    await running?.close();
    const saved: unknown = JSON.parse(readFileSync(join(userData, STATE_FILE_NAME), 'utf8'));
    expect(saved).toMatchObject({ route: '#/' });
  });

  it('stops the hub before quitting', async () => {
    await launch();
    const quitting = mockEvent();
    app.emit('will-quit', quitting);
    expect(quitting.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(closeHub).toHaveBeenCalledTimes(1);
  });
});
