// Validation and names for the menu-command channel between the main process and the preload.
import type { ShellCommand } from '../../shared/shell-api';

/** The name under which the preload exposes the API on `window`. */
export const SHELL_API_KEY = 'flowsightShell';

/** The IPC channel on which the main process sends ShellCommands to the preload. */
export const SHELL_COMMAND_CHANNEL = 'flowsight:menu-command';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Validates a command arriving over IPC (every channel is validated on arrival, STYLE.md → VS Code). */
export function decodeShellCommand(raw: unknown): ShellCommand | null {
  if (!isObject(raw)) return null;
  switch (raw['type']) {
    case 'navigate': {
      const route = raw['route'];
      return typeof route === 'string' && route.startsWith('#/') && route.length <= 4096 ? { type: 'navigate', route } : null;
    }
    case 'toggle-labels':
      return { type: 'toggle-labels' };
    case 'fit':
      return { type: 'fit' };
    default:
      return null;
  }
}
