/** A bad `serve` flag, already phrased as the one line the CLI prints (naming the flag) before exiting 2. */
export class FlagError extends Error {
  override name = 'FlagError';
}
