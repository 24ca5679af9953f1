// The preload against a mocked electron: the exact surface it exposes, and how it treats IPC messages.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FlowsightShell, MenuCommand } from '../../../shared/shell-api';
import { SHELL_API_KEY, SHELL_COMMAND_CHANNEL } from '../../../electron/shell/shell-command';
import { contextBridge, ipcRenderer, resetElectronMock } from '../../mocks/electron';

vi.mock('electron', () => import('../../mocks/electron'));

const page = { location: { hash: '#/' } };
let api: FlowsightShell;

beforeAll(async () => {
  resetElectronMock();
  vi.stubGlobal('window', page);
  process.argv.push('--flowsight-version=1.2.3');
  await import('../../../electron/preload');
  api = contextBridge.exposed.get(SHELL_API_KEY) as FlowsightShell;
});

afterAll(() => {
  process.argv.splice(process.argv.indexOf('--flowsight-version=1.2.3'), 1);
  vi.unstubAllGlobals();
});

describe('preload', () => {
  it('exposes exactly version, platform and onMenuCommand as window.flowsightShell', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['flowsightShell']);
    expect(Object.keys(api).sort()).toEqual(['onMenuCommand', 'platform', 'version']);
    expect(api.version).toBe('1.2.3');
    expect(api.platform).toBe(process.platform);
  });

  it('does not expose ipcRenderer or any way to send to the main process', () => {
    const values = Object.values(api) as unknown[];
    expect(values).not.toContain(ipcRenderer);
    expect(Object.keys(api).some((key) => /send|invoke|ipc/i.test(key))).toBe(false);
  });

  it('delivers menu commands to listeners until they unsubscribe', () => {
    const seen: MenuCommand[] = [];
    const unsubscribe = api.onMenuCommand((command) => seen.push(command));
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, {}, { type: 'toggle-labels' });
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, {}, { type: 'fit' });
    unsubscribe();
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, {}, { type: 'fit' });
    expect(seen).toEqual([{ type: 'toggle-labels' }, { type: 'fit' }]);
  });

  it('drops malformed commands', () => {
    const seen: MenuCommand[] = [];
    const unsubscribe = api.onMenuCommand((command) => seen.push(command));
    for (const raw of [null, 'fit', { type: 'eval', code: '1' }, { type: 'navigate', route: 'javascript:alert(1)' }]) {
      ipcRenderer.emit(SHELL_COMMAND_CHANNEL, {}, raw);
    }
    unsubscribe();
    expect(seen).toEqual([]);
    expect(page.location.hash).toBe('#/');
  });

  it('shows a navigate command’s view by setting the fragment itself', () => {
    const seen: MenuCommand[] = [];
    const unsubscribe = api.onMenuCommand((command) => seen.push(command));
    ipcRenderer.emit(SHELL_COMMAND_CHANNEL, {}, { type: 'navigate', route: '#/region/eu-west' });
    unsubscribe();
    expect(page.location.hash).toBe('#/region/eu-west');
    expect(seen).toEqual([]);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onMenuCommand('alert(1)' as unknown as (command: MenuCommand) => void)).toThrow(TypeError);
  });
});
