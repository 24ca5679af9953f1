import { describe, expect, it } from 'vitest';
import { newWindowBounds, restorableBounds, versionFromArgv, windowOptions } from '../../../electron/shell/window-options';

describe('windowOptions()', () => {
  it('locks the renderer down as the Electron security checklist says', () => {
    const { webPreferences } = windowOptions({ preloadPath: '/app/preload.cjs', version: '0.1.0', wall: false });
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('makes a wall window full screen, kiosk, with the menu bar hidden', () => {
    expect(windowOptions({ preloadPath: '/p', version: '1', wall: true })).toMatchObject({ fullscreen: true, kiosk: true, autoHideMenuBar: true });
    expect(windowOptions({ preloadPath: '/p', version: '1', wall: false })).toMatchObject({ fullscreen: false, kiosk: false });
  });

  it('uses saved bounds, never smaller than the minimum size', () => {
    const options = windowOptions({ preloadPath: '/p', version: '1', wall: false, bounds: { x: 10, y: 20, width: 300, height: 1000 } });
    expect(options).toMatchObject({ x: 10, y: 20, width: 640, height: 1000 });
  });

  it('opens hidden until ready, so the window never flashes white', () => {
    expect(windowOptions({ preloadPath: '/p', version: '1', wall: false }).show).toBe(false);
  });
});

describe('versionFromArgv()', () => {
  it('reads the version passed in additionalArguments', () => {
    expect(versionFromArgv(['electron', '--flowsight-version=0.1.0'])).toBe('0.1.0');
  });

  it('answers "unknown" for a missing or odd version', () => {
    expect(versionFromArgv(['electron'])).toBe('unknown');
    expect(versionFromArgv(['--flowsight-version=<img src=x>'])).toBe('unknown');
  });
});

describe('restorableBounds()', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('keeps bounds that are on a display', () => {
    expect(restorableBounds({ x: 100, y: 100, width: 800, height: 600 }, screen)).toEqual({ x: 100, y: 100, width: 800, height: 600 });
  });

  it('drops the position of a window left on an unplugged monitor', () => {
    expect(restorableBounds({ x: 3000, y: 100, width: 800, height: 600 }, screen)).toEqual({ width: 800, height: 600 });
  });

  it('answers undefined with nothing saved', () => {
    expect(restorableBounds(undefined, screen)).toBeUndefined();
  });
});

describe('newWindowBounds()', () => {
  const displays = [
    { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } },
    { id: 2, workArea: { x: 1920, y: 0, width: 1280, height: 720 } },
  ];

  it('centres the new window on another display', () => {
    expect(newWindowBounds(displays, 1, { x: 0, y: 0, width: 800, height: 600 })).toEqual({ x: 1920, y: 0, width: 1280, height: 720 });
  });

  it('offsets the new window from the current one on a single display', () => {
    expect(newWindowBounds(displays.slice(0, 1), 1, { x: 10, y: 10, width: 800, height: 600 })).toEqual({ x: 42, y: 42, width: 800, height: 600 });
  });
});
