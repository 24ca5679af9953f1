// Waiting by polling, never by fixed sleeps: resolves with the first probed value that passes `ok`.

export type Until = <T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs?: number) => Promise<T>;

/** `until(probe, ok, timeoutMs?)` with this default timeout; fails naming the last value it saw. */
export function untilWithin(defaultTimeoutMs: number, stepMs = 50): Until {
  return async <T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = defaultTimeoutMs): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 800)}`);
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  };
}
