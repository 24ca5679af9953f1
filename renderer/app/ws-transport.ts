// The browser's WebSocket behind the Transport interface that HubConnection is tested against.
import { WS_SUBPROTOCOL, WS_SUBPROTOCOL_GZIP } from '../../shared/protocol';
import type { Clock, Transport, TransportFactory } from './connection';

/** A gzip binary frame as text; null when it does not decompress (the display then resyncs). */
async function gunzip(data: ArrayBuffer): Promise<string | null> {
  try {
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(stream).text();
  } catch {
    return null;
  }
}

export const webSocketTransport: TransportFactory = (url, protocol, handlers): Transport => {
  let socket: WebSocket;
  try {
    // Offer the compressed form first; a hub that does not know it picks the plain one.
    socket = new WebSocket(url, protocol === WS_SUBPROTOCOL ? [WS_SUBPROTOCOL_GZIP, WS_SUBPROTOCOL] : protocol);
    socket.binaryType = 'arraybuffer';
  } catch (error) {
    // A malformed URL throws synchronously; report it as a closed link so the backoff retries.
    const reason = error instanceof Error ? error.message : String(error);
    queueMicrotask(() => handlers.close(reason));
    return { send: () => undefined, close: () => undefined };
  }
  socket.onopen = () => handlers.open();
  // Decompression is asynchronous; messages are handed on strictly in arrival order.
  let delivered: Promise<void> = Promise.resolve();
  socket.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    const text: Promise<string | null> | string =
      typeof data === 'string' ? data : socket.protocol === WS_SUBPROTOCOL_GZIP && data instanceof ArrayBuffer ? gunzip(data) : '';
    delivered = delivered.then(async () => {
      const message = await text;
      // '' does not decode: a binary frame outside the chosen protocol or a broken gzip asks for a resync.
      if (socket.onmessage !== null) handlers.message(message ?? '');
    });
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
