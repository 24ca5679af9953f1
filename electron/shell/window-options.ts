// BrowserWindow options as plain data, so the security settings are unit-tested without Electron.
// Each flag follows the Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (CommonJS, as sandboxed preloads require). */
  preloadPath: string;
  version: string;
  bounds?: SavedBounds;
  /** Wall mode: a full-screen kiosk window with no chrome. */
  wall: boolean;
}

export interface ShellWindowOptions {
  title: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  fullscreen: boolean;
  kiosk: boolean;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    // Checklist 3: isolate the preload's world from the page's.
    contextIsolation: true;
    // Checklist 4: the renderer runs in Chromium's OS sandbox; the preload gets only a minimal require.
    sandbox: true;
    // Checklist 2: the page never gets Node, in the main frame, workers or subframes.
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    // Checklist 6 and 8: keep the same-origin policy; never mix http into https.
    webSecurity: true;
    allowRunningInsecureContent: false;
    // Checklist 9 and 12: no experimental Blink features, no <webview>.
    experimentalFeatures: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    /** Read by the preload (a sandboxed preload has process.argv but no app.getVersion()). */
    additionalArguments: string[];
  };
}

export const DEFAULT_SIZE = { width: 1600, height: 900 } as const;
const MIN_SIZE = { width: 640, height: 400 } as const;
const VERSION_ARG = '--flowsight-version=';

export function windowOptions(input: WindowOptionsInput): ShellWindowOptions {
  const bounds = input.bounds ?? DEFAULT_SIZE;
  const options: ShellWindowOptions = {
    title: 'flowsight',
    width: Math.max(MIN_SIZE.width, Math.round(bounds.width)),
    height: Math.max(MIN_SIZE.height, Math.round(bounds.height)),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false, // shown on 'ready-to-show', so the window never flashes white
    backgroundColor: '#0b0f14',
    fullscreen: input.wall,
    kiosk: input.wall,
    autoHideMenuBar: input.wall,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      additionalArguments: [`${VERSION_ARG}${input.version}`],
    },
  };
  if (input.bounds?.x !== undefined && input.bounds.y !== undefined) {
    options.x = Math.round(input.bounds.x);
    options.y = Math.round(input.bounds.y);
  }
  return options;
}

/** The version the main process passed in `additionalArguments`, or "unknown". */
export function versionFromArgv(argv: readonly string[]): string {
  const arg = argv.find((a) => a.startsWith(VERSION_ARG));
  const version = arg?.slice(VERSION_ARG.length) ?? '';
  return /^[\w.+-]{1,64}$/.test(version) ? version : 'unknown';
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Saved bounds if enough of the window would still be on some display (a monitor may have been unplugged
 * since), else the size alone so the window opens centred on the primary display.
 */
export function restorableBounds(saved: SavedBounds | undefined, workAreas: readonly Rect[]): SavedBounds | undefined {
  if (!saved) return undefined;
  const size = { width: saved.width, height: saved.height };
  if (saved.x === undefined || saved.y === undefined) return size;
  const rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  const visible = workAreas.some((area) => {
    const o = overlap(rect, area);
    return o.width >= 100 && o.height >= 50;
  });
  return visible ? saved : size;
}

export interface DisplayInfo {
  id: number;
  workArea: Rect;
}

/**
 * Bounds for a "New Window": on another display than the current window's when there is one (a second
 * screen for the same picture), else offset from the current window.
 */
export function newWindowBounds(displays: readonly DisplayInfo[], currentDisplayId: number | undefined, current: Rect | undefined): SavedBounds {
  const other = displays.find((d) => d.id !== currentDisplayId);
  if (other) {
    const width = Math.min(DEFAULT_SIZE.width, other.workArea.width);
    const height = Math.min(DEFAULT_SIZE.height, other.workArea.height);
    return {
      x: other.workArea.x + Math.round((other.workArea.width - width) / 2),
      y: other.workArea.y + Math.round((other.workArea.height - height) / 2),
      width,
      height,
    };
  }
  if (current) return { x: current.x + 32, y: current.y + 32, width: current.width, height: current.height };
  return { ...DEFAULT_SIZE };
}
