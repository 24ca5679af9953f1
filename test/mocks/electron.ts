// A stand-in for the `electron` module (the binary cannot be downloaded on the build machines), used with
// `vi.mock('electron', () => import('../mocks/electron'))`. It records what the main process and the preload
// ask of Electron, so tests assert on options, handlers and headers, and it emits events the way Electron
// does: constructing a BrowserWindow emits app 'web-contents-created'.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface MockEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function mockEvent(): MockEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string) => boolean;

export const mockState = {
  userData: '/nonexistent',
  singleInstanceLock: true,
  displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] as { id: number; workArea: Rect }[],
  focusedWindow: null as MockBrowserWindow | null,
};

class MockWebContents extends EventEmitter {
  url = '';
  zoomLevel = 0;
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly send = vi.fn<(channel: string, payload: unknown) => void>();
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  getZoomLevel(): number {
    return this.zoomLevel;
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level;
  }
}

export class MockBrowserWindow extends EventEmitter {
  static instances: MockBrowserWindow[] = [];
  static getFocusedWindow(): MockBrowserWindow | null {
    return mockState.focusedWindow;
  }
  static getAllWindows(): MockBrowserWindow[] {
    return MockBrowserWindow.instances.filter((w) => !w.destroyed);
  }

  readonly webContents = new MockWebContents();
  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  readonly loadedUrls: string[] = [];
  destroyed = false;
  fullScreen: boolean;
  kiosk: boolean;
  maximized = false;
  minimized = false;
  visible = false;
  focused = 0;
  bounds: Rect;

  constructor(options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    this.options = options;
    this.fullScreen = options['fullscreen'] === true;
    this.kiosk = options['kiosk'] === true;
    this.bounds = {
      x: typeof options['x'] === 'number' ? options['x'] : 100,
      y: typeof options['y'] === 'number' ? options['y'] : 100,
      width: Number(options['width'] ?? 800),
      height: Number(options['height'] ?? 600),
    };
    MockBrowserWindow.instances.push(this);
    app.emit('web-contents-created', mockEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }
  /** Closes like a user would: 'close', then 'closed'. */
  close(): void {
    this.emit('close', mockEvent());
    this.destroyed = true;
    this.emit('closed');
  }
}

class MockApp extends EventEmitter {
  isPackaged = false;
  readonly quit = vi.fn<() => void>();
  readonly exit = vi.fn<(code?: number) => void>();
  readonly setAsDefaultProtocolClient = vi.fn<(protocol: string, path?: string, args?: string[]) => boolean>(() => true);
  requestSingleInstanceLock(): boolean {
    return mockState.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected app.getPath(${name})`);
    return mockState.userData;
  }
  getVersion(): string {
    return '0.1.0-test';
  }
}

export const app = new MockApp();
export const BrowserWindow = MockBrowserWindow;

export interface MockMenu {
  template: unknown[];
}

export const Menu = {
  applicationMenu: null as MockMenu | null,
  buildFromTemplate(template: unknown[]): MockMenu {
    return { template };
  },
  setApplicationMenu(menu: MockMenu | null): void {
    Menu.applicationMenu = menu;
  },
};

export const session = {
  defaultSession: {
    headersListener: null as HeadersListener | null,
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
    webRequest: {
      onHeadersReceived(listener: HeadersListener): void {
        session.defaultSession.headersListener = listener;
      },
    },
    setPermissionRequestHandler(handler: PermissionRequestHandler): void {
      session.defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler): void {
      session.defaultSession.permissionCheckHandler = handler;
    },
  },
};

export const shell = { openExternal: vi.fn<(url: string) => Promise<void>>(() => Promise.resolve()) };

export const dialog = {
  showErrorBox: vi.fn<(title: string, content: string) => void>(),
  showOpenDialog: vi.fn<(...args: unknown[]) => Promise<{ canceled: boolean; filePaths: string[] }>>(() =>
    Promise.resolve({ canceled: true, filePaths: [] }),
  ),
};

export const screen = {
  getAllDisplays(): { id: number; workArea: Rect }[] {
    return mockState.displays;
  },
  getDisplayMatching(rect: Rect): { id: number; workArea: Rect } {
    const inside = mockState.displays.find(
      (d) => rect.x >= d.workArea.x && rect.x < d.workArea.x + d.workArea.width && rect.y >= d.workArea.y && rect.y < d.workArea.y + d.workArea.height,
    );
    const display = inside ?? mockState.displays[0];
    if (!display) throw new Error('no displays in the mock');
    return display;
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

export const ipcRenderer = new EventEmitter();

/** Back to a freshly started Electron: no listeners, no windows, nothing recorded. */
export function resetElectronMock(): void {
  app.removeAllListeners();
  app.isPackaged = false;
  app.quit.mockClear();
  app.exit.mockClear();
  app.setAsDefaultProtocolClient.mockClear();
  MockBrowserWindow.instances = [];
  mockState.singleInstanceLock = true;
  mockState.focusedWindow = null;
  mockState.displays = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
  Menu.applicationMenu = null;
  session.defaultSession.headersListener = null;
  session.defaultSession.permissionRequestHandler = null;
  session.defaultSession.permissionCheckHandler = null;
  shell.openExternal.mockClear();
  dialog.showErrorBox.mockClear();
  dialog.showOpenDialog.mockClear();
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
}

export default { app, BrowserWindow, Menu, session, shell, dialog, screen, contextBridge, ipcRenderer };
