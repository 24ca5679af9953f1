// The desktop shell: the only file besides the preload that imports electron. It starts the hub in-process on
// a free loopback port with a per-launch operator token, and opens hardened windows on the hub's page. All
// decisions (window options, navigation, CSP, deep links, menu, remembered state) live in ./shell/*, as
// plain data tested without Electron; this file only wires them to Electron's APIs.
// Security checklist: https://www.electronjs.org/docs/latest/tutorial/security
import { BrowserWindow, Menu, app, dialog, screen, session, shell, type WebContents } from 'electron';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHub, type RunningHub } from './hub/hub';
import { resolveServeOptions } from './hub/serve-options';
import { withContentSecurityPolicy } from './shell/csp';
import { DEEP_LINK_SCHEME, findDeepLink, routeFromDeepLink } from './shell/deep-link';
import { menuTemplate, type MenuActions } from './shell/menu-template';
import { externalLinkTarget, isPermissionAllowed, isSameOrigin } from './shell/navigation';
import { isWallUrl, pageUrl, routeOfUrl } from './shell/page-url';
import { regionNames } from './shell/region-names';
import { DEFAULT_WALL_DWELL_SECONDS, parseShellArgs } from './shell/shell-args';
import { SHELL_COMMAND_CHANNEL } from './shell/shell-command';
import { STATE_FILE_NAME, createStateStore, type ShellState } from './shell/state-store';
import { newWindowBounds, restorableBounds, windowOptions, type SavedBounds } from './shell/window-options';
import type { ShellCommand } from '../shared/shell-api';

const REGION_REFRESH_MS = 10_000;
const RELOAD_AFTER_FAILURE_MS = 2_000;
const ERR_ABORTED = -3;
const ZOOM_STEP = 0.5;
const ZOOM_LIMITS = { min: -3, max: 5 } as const;

export interface Shell {
  readonly token: string;
  hubUrl(): string;
  windows(): BrowserWindow[];
  /** Shows a view in the main window, as a deep link does. */
  showRoute(route: string): void;
  /** Re-reads the region list for the Views menu (done every few seconds anyway). */
  refreshRegions(): Promise<void>;
  /** Saves state, stops the hub. */
  close(): Promise<void>;
}

interface WindowRecord {
  /** Wall-mode dwell seconds, or null for a normal window. */
  wall: number | null;
}

/** The bundled preload sits beside the bundled main (scripts/build-electron.ts). */
function preloadPath(): string {
  return fileURLToPath(new URL('./preload.cjs', import.meta.url));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Starts the shell; resolves to null when another instance already runs (it got our arguments instead). */
export async function startShell(argv: readonly string[] = process.argv): Promise<Shell | null> {
  const args = parseShellArgs(argv);
  // Single instance: a second launch (or a deep link clicked while running) goes to the first one.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  registerDeepLinkScheme();

  // Per launch, never stored: only this app's windows can reach its hub, even from other local users.
  const token = randomBytes(32).toString('base64url');
  const store = createStateStore(join(app.getPath('userData'), STATE_FILE_NAME));
  const state: ShellState = store.load();
  if (args.config) state.configPath = resolve(args.config);
  const windows = new Map<BrowserWindow, WindowRecord>();
  let hub: RunningHub | null = null;
  let hubOrigin = 'http://127.0.0.1';
  let mainWindow: BrowserWindow | null = null;
  let pendingRoute: string | null = args.route;
  let regions: string[] = [];
  const timers: { firstRegions?: ReturnType<typeof setTimeout>; regions?: ReturnType<typeof setInterval> } = {};
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let ready = false;

  function saveState(): void {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    try {
      store.save(state);
    } catch (error) {
      console.error(`flowsight: cannot save window state: ${errorMessage(error)}`);
    }
  }

  function scheduleSave(): void {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 500);
  }

  async function launchHub(configPath: string | null): Promise<RunningHub> {
    // Loopback and a free port whatever the config says: sharing the picture is `serve`'s job (docs/deployment.md).
    const options = resolveServeOptions({ host: '127.0.0.1', port: '0', token, ...(configPath ? { config: configPath } : {}) });
    const { config: _config, ...hubOptions } = options;
    const running = await startHub({ ...hubOptions, log: (line) => console.error(`flowsight hub: ${line}`) });
    hubOrigin = new URL(running.url).origin;
    return running;
  }

  function sendCommand(window: BrowserWindow | null, command: ShellCommand): void {
    if (window && !window.isDestroyed()) window.webContents.send(SHELL_COMMAND_CHANNEL, command);
  }

  function focusedWindow(): BrowserWindow | null {
    const focused = BrowserWindow.getFocusedWindow();
    if (focused && windows.has(focused)) return focused;
    return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
  }

  function urlFor(route: string, wall: number | null): string {
    if (!hub) throw new Error('the hub is not running');
    return pageUrl(hub.url, { token, route, wallSeconds: wall });
  }

  function currentRoute(window: BrowserWindow): string {
    return routeOfUrl(window.webContents.getURL()) ?? state.route;
  }

  function createWindow(options: { route: string; wall: number | null; bounds?: SavedBounds; maximized?: boolean }): BrowserWindow {
    const window = new BrowserWindow(
      windowOptions({ preloadPath: preloadPath(), version: app.getVersion(), wall: options.wall !== null, ...(options.bounds ? { bounds: options.bounds } : {}) }),
    );
    windows.set(window, { wall: options.wall });
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = window;
    window.once('ready-to-show', () => {
      if (options.maximized) window.maximize();
      window.show();
    });
    window.webContents.on('did-navigate-in-page', (_event, url) => {
      const route = routeOfUrl(url);
      // A wall rotates by itself: its views are not "the last view" the user chose.
      if (route !== null && !isWallUrl(url)) {
        state.route = route;
        scheduleSave();
      }
    });
    // A wall screen must recover without a click: reload after a failed load or a crashed renderer.
    window.webContents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
      // ERR_ABORTED (-3) is a load replaced by a newer one (wall mode toggled, config reloaded): not a failure.
      if (isMainFrame && errorCode !== ERR_ABORTED) setTimeout(() => reloadWindow(window), RELOAD_AFTER_FAILURE_MS);
    });
    window.webContents.on('render-process-gone', () => {
      setTimeout(() => reloadWindow(window), RELOAD_AFTER_FAILURE_MS);
    });
    window.on('close', () => {
      if (window === mainWindow && windows.get(window)?.wall === null) {
        state.bounds = window.getNormalBounds();
        state.maximized = window.isMaximized();
        saveState();
      }
    });
    window.on('closed', () => {
      windows.delete(window);
      if (window === mainWindow) mainWindow = windows.keys().next().value ?? null;
    });
    void window.loadURL(urlFor(options.route, options.wall));
    return window;
  }

  function reloadWindow(window: BrowserWindow): void {
    const record = windows.get(window);
    if (!record || window.isDestroyed() || !hub) return;
    void window.loadURL(urlFor(currentRoute(window), record.wall));
  }

  function showRoute(route: string): void {
    if (!ready) {
      pendingRoute = route; // a deep link that arrived while starting
      return;
    }
    const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : createWindow({ route, wall: null });
    if (window.isMinimized()) window.restore();
    window.focus();
    sendCommand(window, { type: 'navigate', route });
  }

  async function switchConfig(configPath: string | null): Promise<void> {
    let next: RunningHub;
    const previous = hub;
    try {
      // Started before the old one stops, so a config with an error leaves the running hub alone.
      next = await launchHub(configPath);
    } catch (error) {
      dialog.showErrorBox('flowsight: cannot load the config', errorMessage(error));
      if (previous) hubOrigin = new URL(previous.url).origin;
      return;
    }
    hub = next;
    state.configPath = configPath;
    saveState();
    await previous?.close();
    for (const window of windows.keys()) reloadWindow(window);
    regions = [];
    rebuildMenu();
  }

  const actions: MenuActions = {
    openConfig() {
      const window = focusedWindow();
      const choose = { title: 'Open flowsight config', properties: ['openFile' as const], filters: [{ name: 'flowsight config', extensions: ['yaml', 'yml'] }] };
      void (window ? dialog.showOpenDialog(window, choose) : dialog.showOpenDialog(choose)).then((result) => {
        const file = result.filePaths[0];
        if (!result.canceled && file) return switchConfig(file);
        return undefined;
      });
    },
    reloadConfig() {
      void switchConfig(state.configPath);
    },
    showView(route) {
      sendCommand(focusedWindow(), { type: 'navigate', route });
    },
    newWindow() {
      const current = focusedWindow();
      const bounds = current ? current.getBounds() : undefined;
      const displays = screen.getAllDisplays().map((display) => ({ id: display.id, workArea: display.workArea }));
      const currentDisplay = bounds ? screen.getDisplayMatching(bounds).id : undefined;
      createWindow({ route: current ? currentRoute(current) : state.route, wall: null, bounds: newWindowBounds(displays, currentDisplay, bounds) });
    },
    toggleFullScreen() {
      const window = focusedWindow();
      window?.setFullScreen(!window.isFullScreen());
    },
    toggleWall() {
      const window = focusedWindow();
      const record = window ? windows.get(window) : undefined;
      if (!window || !record) return;
      const route = record.wall === null ? currentRoute(window) : state.route;
      record.wall = record.wall === null ? DEFAULT_WALL_DWELL_SECONDS : null;
      window.setKiosk(record.wall !== null);
      window.setFullScreen(record.wall !== null);
      void window.loadURL(urlFor(route, record.wall));
      rebuildMenu();
    },
    zoomIn: () => zoomBy(ZOOM_STEP),
    zoomOut: () => zoomBy(-ZOOM_STEP),
    zoomReset() {
      focusedWindow()?.webContents.setZoomLevel(0);
    },
    toggleLabels() {
      sendCommand(focusedWindow(), { type: 'toggle-labels' });
    },
    fit() {
      sendCommand(focusedWindow(), { type: 'fit' });
    },
  };

  function zoomBy(step: number): void {
    const contents = focusedWindow()?.webContents;
    if (!contents) return;
    contents.setZoomLevel(Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, contents.getZoomLevel() + step)));
  }

  function rebuildMenu(): void {
    const window = focusedWindow();
    const template = menuTemplate(
      {
        platform: process.platform,
        regions,
        wall: window ? (windows.get(window)?.wall ?? null) !== null : false,
        configPath: state.configPath,
        devTools: !app.isPackaged,
      },
      actions,
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  async function refreshRegions(): Promise<void> {
    if (!hub) return;
    try {
      const response = await fetch(new URL('api/graph', hub.url), { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) return;
      const next = regionNames(await response.json());
      if (next.join('\u0000') !== regions.join('\u0000')) {
        regions = next;
        rebuildMenu();
      }
    } catch {
      // The hub is restarting (config reload); the next refresh catches up.
    }
  }

  // Every web contents, including ones this file does not create, is locked down (checklist 12-14).
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      const target = externalLinkTarget(url);
      if (target !== null && !isSameOrigin(target, hubOrigin)) void shell.openExternal(target);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isSameOrigin(url, hubOrigin)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isSameOrigin(url, hubOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('second-instance', (_event, commandLine) => {
    const route = findDeepLink(commandLine);
    if (route !== null) showRoute(route);
    else if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  // macOS delivers deep links here, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const route = routeFromDeepLink(url);
    if (route !== null) showRoute(route);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('browser-window-focus', () => rebuildMenu());

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      clearTimeout(timers.firstRegions);
      clearInterval(timers.regions);
      saveState();
      const running = hub;
      hub = null;
      await running?.close();
    })();
    return closing;
  }

  app.on('will-quit', (event) => {
    if (!hub) return;
    event.preventDefault(); // stop the hub's pollers and sockets first, then quit for real
    void close().finally(() => app.quit());
  });

  await app.whenReady();

  // Checklist 7: a strict CSP on every response, whatever the server sent.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  // Checklist 5: refuse permission requests the app does not need.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, hubOrigin));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, hubOrigin),
  );

  try {
    hub = await launchHub(state.configPath);
  } catch (error) {
    if (state.configPath === null) throw error;
    // The remembered config is gone or broken: say so, and show the demo rather than nothing.
    dialog.showErrorBox('flowsight: cannot load the config', `${errorMessage(error)}\n\nShowing the built-in demo instead.`);
    state.configPath = null;
    hub = await launchHub(null);
  }

  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const bounds = restorableBounds(state.bounds, workAreas);
  createWindow({
    route: pendingRoute ?? state.route,
    wall: args.wall,
    ...(bounds ? { bounds } : {}),
    maximized: state.maximized && args.wall === null,
  });
  pendingRoute = null;
  ready = true;
  rebuildMenu();
  // The first poll takes a moment; then the Views menu follows topology changes.
  timers.firstRegions = setTimeout(() => void refreshRegions(), 1_000);
  timers.firstRegions.unref?.();
  timers.regions = setInterval(() => void refreshRegions(), REGION_REFRESH_MS);
  timers.regions.unref?.();

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open opens one.
    if (windows.size === 0 && hub) createWindow({ route: state.route, wall: null });
  });

  return {
    token,
    hubUrl: () => hub?.url ?? '',
    windows: () => [...windows.keys()],
    showRoute,
    refreshRegions,
    close,
  };
}

/** Registers `flowsight://` with the OS; in development the app is `electron path/to/main.js`. */
function registerDeepLinkScheme(): void {
  if (process.defaultApp && process.argv[1] !== undefined) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
}

// Inside Electron's main process this module is the app; imported by tests under Node it only exports.
if (process.versions.electron !== undefined && process.type === 'browser') {
  startShell(process.argv).catch((error: unknown) => {
    dialog.showErrorBox('flowsight could not start', errorMessage(error));
    app.exit(1);
  });
}
