// The native menu as plain data with callbacks, so its contents are tested without Electron; main.ts hands
// it to Menu.buildFromTemplate. Region names come from metrics (untrusted): they are only ever a label.
export type MenuRole = 'appMenu' | 'editMenu' | 'windowMenu' | 'quit' | 'close' | 'minimize' | 'toggleDevTools' | 'about';

export interface MenuItemTemplate {
  id?: string;
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'checkbox' | 'submenu';
  accelerator?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuActions {
  openConfig(): void;
  reloadConfig(): void;
  /** Show a view fragment (`#/`, `#/region/R`) in the focused window. */
  showView(route: string): void;
  newWindow(): void;
  toggleFullScreen(): void;
  toggleWall(): void;
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  toggleLabels(): void;
  fit(): void;
}

export interface MenuState {
  platform: string;
  /** Regions of the current graph, in menu order. */
  regions: readonly string[];
  /** Whether the focused window is in wall mode. */
  wall: boolean;
  configPath: string | null;
  /** Developer tools are offered in development builds only. */
  devTools: boolean;
}

/** Windows and Linux menus treat `&` as a mnemonic marker; a region named "R&D" must show as typed. */
export function menuLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

export function regionRoute(region: string): string {
  return `#/region/${encodeURIComponent(region)}`;
}

const MAX_NUMBERED_REGIONS = 9;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemTemplate[] {
  const mac = state.platform === 'darwin';
  const file: MenuItemTemplate = {
    label: '&File',
    submenu: [
      { id: 'open-config', label: 'Open Config…', accelerator: 'CmdOrCtrl+O', click: actions.openConfig },
      {
        id: 'reload-config',
        label: state.configPath ? `Reload Config (${menuLabel(baseName(state.configPath))})` : 'Reload Config',
        accelerator: 'CmdOrCtrl+Shift+R',
        click: actions.reloadConfig,
      },
      { type: 'separator' },
      { id: 'new-window', label: 'New Window', accelerator: 'CmdOrCtrl+N', click: actions.newWindow },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const regions: MenuItemTemplate[] = state.regions.map((region, index) => {
    const item: MenuItemTemplate = { id: `view-region-${index}`, label: menuLabel(region), click: () => actions.showView(regionRoute(region)) };
    if (index < MAX_NUMBERED_REGIONS) item.accelerator = `CmdOrCtrl+${index + 1}`;
    return item;
  });
  const view: MenuItemTemplate = {
    label: '&View',
    submenu: [
      { id: 'view-global', label: 'Global', accelerator: 'CmdOrCtrl+G', click: () => actions.showView('#/') },
      {
        id: 'view-regions',
        label: 'Regions',
        type: 'submenu',
        submenu: regions.length > 0 ? regions : [{ id: 'view-no-regions', label: 'No regions yet', enabled: false }],
      },
      { id: 'fit', label: 'Fit to Window', accelerator: 'CmdOrCtrl+F', click: actions.fit },
      { type: 'separator' },
      { id: 'toggle-labels', label: 'Toggle Labels', accelerator: 'CmdOrCtrl+L', click: actions.toggleLabels },
      { type: 'separator' },
      { id: 'zoom-in', label: 'Zoom In', accelerator: 'CmdOrCtrl+Plus', click: actions.zoomIn },
      { id: 'zoom-out', label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', click: actions.zoomOut },
      { id: 'zoom-reset', label: 'Actual Size', accelerator: 'CmdOrCtrl+0', click: actions.zoomReset },
      { type: 'separator' },
      { id: 'full-screen', label: 'Full Screen', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11', click: actions.toggleFullScreen },
      { id: 'wall-mode', label: 'Wall Mode', type: 'checkbox', checked: state.wall, accelerator: 'CmdOrCtrl+Shift+W', click: actions.toggleWall },
      ...(state.devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  const window: MenuItemTemplate = { role: 'windowMenu' };
  return mac ? [{ role: 'appMenu' }, file, { role: 'editMenu' }, view, window] : [file, { role: 'editMenu' }, view, window];
}
