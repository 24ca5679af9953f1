// The desktop shell's API as the page sees it: `window.flowsightShell`, exposed by electron/preload.ts through
// contextBridge and absent in a plain browser. Defined once here so the preload and the renderer cannot drift
// (STYLE.md → electron/fiddle, "the preload's API typed from one shared type").

/**
 * Commands the native menu sends to the page. A union, so a handler map over it is checked for
 * completeness. Views and wall mode are not here: they are URLs (`#/region/R`, `?wall=S`), which the shell
 * sets itself.
 */
export type MenuCommand =
  | { type: 'toggle-labels' }
  /** Fit the current view to the window. */
  | { type: 'fit' };

/** What travels from the main process to the preload: menu commands plus "show this view". */
export type ShellCommand = MenuCommand | { type: 'navigate'; route: string };

export type MenuCommandType = MenuCommand['type'];

/** One handler per command type: leaving one out is a compile error. */
export type MenuCommandHandlers = {
  [K in MenuCommandType]: (command: Extract<MenuCommand, { type: K }>) => void;
};

export interface FlowsightShell {
  /** The app version, e.g. "0.1.0". */
  readonly version: string;
  /** `process.platform` of the desktop: "linux", "darwin", "win32". */
  readonly platform: string;
  /** Registers a listener for menu commands; returns a function that removes it. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
