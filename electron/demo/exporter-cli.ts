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

async function main(): Promise<void> {
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
    histograms: true,
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
