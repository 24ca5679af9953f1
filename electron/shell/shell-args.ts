// The desktop app's own flags. Electron's command line also carries Chromium switches and, in development,
// the path of the main script, so unknown arguments are skipped rather than refused.
import { findDeepLink } from './deep-link';

export const DEFAULT_WALL_DWELL_SECONDS = 20;

export interface ShellArgs {
  /** Wall mode dwell in seconds, or null for a normal window. */
  wall: number | null;
  /** A config file given on the command line; it wins over the remembered one. */
  config: string | null;
  /** The view a deep link on the command line asks for. */
  route: string | null;
}

function parseDwell(text: string | undefined): number {
  const value = Number(text);
  return Number.isFinite(value) && value >= 1 && value <= 3600 ? value : DEFAULT_WALL_DWELL_SECONDS;
}

export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const args: ShellArgs = { wall: null, config: null, route: findDeepLink(argv) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--wall') {
      const next = argv[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        args.wall = parseDwell(next);
        i++;
      } else args.wall = DEFAULT_WALL_DWELL_SECONDS;
    } else if (arg.startsWith('--wall=')) args.wall = parseDwell(arg.slice('--wall='.length));
    else if (arg === '--config' && argv[i + 1] !== undefined) args.config = argv[++i] ?? null;
    else if (arg.startsWith('--config=')) args.config = arg.slice('--config='.length) || null;
  }
  return args;
}

/**
 * Splits `--wall`, `--wall=S` and `--wall S` from other flags (`npm start -- --wall` in the browser fallback,
 * where the rest are `serve` flags). Answers an error line for a dwell that is not 1-3600 seconds.
 */
export function splitWallFlag(args: readonly string[]): { wall: number | null; rest: string[] } | string {
  let wall: number | null = null;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    let text: string | undefined;
    if (arg === '--wall') {
      const next = args[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        text = next;
        i++;
      } else wall = DEFAULT_WALL_DWELL_SECONDS;
    } else if (arg.startsWith('--wall=')) text = arg.slice('--wall='.length);
    else rest.push(arg);
    if (text !== undefined) {
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < 1 || value > 3600) return `--wall: expected seconds 1-3600, got "${text}"`;
      wall = value;
    }
  }
  return { wall, rest };
}
