// The browser's WebSocket behind the Transport interface that HubConnection is tested against.
import type { Clock, Transport, TransportFactory } from './connection';

export const webSocketTransport: TransportFactory = (url, protocol, handlers): Transport => {
  let socket: WebSocket;
  try {
    socket = new WebSocket(url, protocol);
  } catch (error) {
    // A malformed URL throws synchronously; report it as a closed link so the backoff retries.
    const reason = error instanceof Error ? error.message : String(error);
    queueMicrotask(() => handlers.close(reason));
    return { send: () => undefined, close: () => undefined };
  }
  socket.onopen = () => handlers.open();
  socket.onmessage = (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') handlers.message(event.data);
    else handlers.message(''); // binary frames are not part of flowsight.v1: decode fails, resync follows
  };
  socket.onclose = (event) => {
    detach();
    handlers.close(event.reason || `code ${event.code}`);
  };
  // An error is always followed by close; close carries the outcome.
  socket.onerror = null;
  function detach(): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
  }
  return {
    send: (text) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close: () => {
      detach();
      handlers.close('closed by client');
      socket.close();
    },
  };
};

export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (id) => window.clearTimeout(id),
  random: () => Math.random(),
};
