// Entry point: adopts the token, creates the scene on the page's canvas and starts the app.
import { App } from './app/app';
import { byId } from './app/dom';
import { wallDwellMs } from './app/wall';
import { adoptToken, hubSocketUrl } from './app/token';
import { webSocketTransport } from './app/ws-transport';
import { createScene, SteppableClock } from './scene/index';
import type { FlowsightShell } from '../shared/shell-api';
import type { FlowsightApi } from './app/api';

declare global {
  interface Window {
    flowsight: FlowsightApi;
    /** Present only inside the desktop shell (electron/preload.ts). */
    flowsightShell?: FlowsightShell;
  }
}

const token = adoptToken(location, history, sessionStorage);
// `?clock=manual` opens with the scene's clock paused: nothing moves until window.flowsight.clock.step().
const clock = new SteppableClock({ paused: new URLSearchParams(location.search).get('clock') === 'manual' });
const scene = createScene({ canvas: byId('scene', HTMLCanvasElement), labelLayer: byId('labels', HTMLElement), clock });
const app = new App({
  scene,
  clock,
  socketUrl: hubSocketUrl(location, token),
  transport: webSocketTransport,
  token,
  wallDwellMs: wallDwellMs(location.search),
});
window.flowsight = app.api();
window.flowsightShell?.onMenuCommand((command) => app.handleMenuCommand(command));
app.start();
