// The page's only door to the desktop (Electron security checklist 3 and 20): a sandboxed CommonJS preload
// that exposes a tiny typed API through contextBridge, never ipcRenderer itself. Its shape is
// FlowsightShell (shared/shell-api.ts), so the page and the preload cannot drift. Besides electron/main.ts,
// this is the one file allowed to import electron (see eslint.config.js).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { FlowsightShell, MenuCommand } from '../shared/shell-api';
import { SHELL_API_KEY, SHELL_COMMAND_CHANNEL, decodeShellCommand } from './shell/shell-command';
import { versionFromArgv } from './shell/window-options';

// The preload is type-checked with the Node-side libs; this is the one DOM property it touches.
declare const window: { location: { hash: string } };

const listeners = new Set<(command: MenuCommand) => void>();

ipcRenderer.on(SHELL_COMMAND_CHANNEL, (_event: IpcRendererEvent, raw: unknown) => {
  const command = decodeShellCommand(raw);
  if (command === null) return;
  // Views are URL fragments (CONTRACT.md), so the preload shows them itself: it works even before the page
  // registers a listener, and the page sees an ordinary hashchange.
  if (command.type === 'navigate') {
    window.location.hash = command.route;
    return;
  }
  for (const listener of listeners) listener(command);
});

const api: FlowsightShell = {
  version: versionFromArgv(process.argv),
  platform: process.platform,
  onMenuCommand(listener) {
    if (typeof listener !== 'function') throw new TypeError('onMenuCommand expects a function');
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld(SHELL_API_KEY, api);
