// `npm run demo-exporter -- --port 9464`: the demo shop's counters for a real Prometheus to scrape.
import { parseArgs } from 'node:util';
import { startDemoExporter } from './exporter';

function integer(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`demo-exporter: --${flag} must be a non-negative integer, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const USAGE = `usage: npm run demo-exporter -- [--port N] [--host ADDR] [--seed N] [--regions N] [--services N]

The demo shop's request counters in the Prometheus text format, for a real Prometheus to scrape.
  --port N       port to listen on (default 9464; 0 picks a free one)
  --host ADDR    address to bind (default 127.0.0.1)
  --seed N       simulator seed (default 1)
  --regions N    regions (default 3)
  --services N   services per region (default 20)
`;

async function main(): Promise<void> {
  if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        regions: { type: 'string' },
        services: { type: 'string' },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    process.stderr.write(`demo-exporter: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const simulator: { regions?: number; servicesPerRegion?: number } = {};
  if (values.regions !== undefined) simulator.regions = integer(values.regions, 'regions', 3);
  if (values.services !== undefined) simulator.servicesPerRegion = integer(values.services, 'services', 20);
  const exporter = await startDemoExporter({
    port: integer(values.port, 'port', 9464),
    host: values.host ?? '127.0.0.1',
    seed: integer(values.seed, 'seed', 1),
    simulator,
  });
  process.stdout.write(`demo exporter listening on ${exporter.url}/metrics\n`);
  const stop = (): void => {
    exporter.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo-exporter: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
