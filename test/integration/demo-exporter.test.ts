import { afterEach, describe, expect, it } from 'vitest';
import { startDemoExporter, type DemoExporter } from '../../electron/demo/exporter';

let exporter: DemoExporter | undefined;
afterEach(async () => {
  await exporter?.close();
  exporter = undefined;
});

/** The value of the one sample whose line contains every fragment. */
function sample(text: string, ...fragments: string[]): number {
  const lines = text.split('\n').filter((l) => !l.startsWith('#') && fragments.every((f) => l.includes(f)));
  expect(lines, fragments.join(' ')).toHaveLength(1);
  return Number(lines[0]!.slice(lines[0]!.lastIndexOf(' ') + 1));
}

describe('startDemoExporter()', () => {
  it('advances each counter by the simulated rate times the time elapsed between scrapes', async () => {
    let now = 1_764_000_000_000;
    exporter = await startDemoExporter({ port: 0, seed: 1, now: () => now, simulator: { noise: 0, bursts: false } });
    const first = await (await fetch(`${exporter.url}/metrics`)).text();
    now += 10_000;
    const second = await (await fetch(`${exporter.url}/metrics`)).text();
    const edge = exporter.simulator.configuredCalls().find((c) => c.source === 'INTERNET' && c.destinationRegion === 'us-east-1')!;
    const labels = ['istio_requests_total{', 'source_workload="unknown"', 'destination_cluster="us-east-1"', 'response_code="200"'];
    expect(sample(second, ...labels) - sample(first, ...labels)).toBeCloseTo(edge.rate.normal * 10, 6);
  });

  it('exposes every call in the Istio, Linkerd and servicegraph conventions', async () => {
    exporter = await startDemoExporter({ port: 0, seed: 1 });
    const text = await (await fetch(`${exporter.url}/metrics`)).text();
    expect(text).toContain('reporter="destination"');
    expect(text).toContain('reporter="source"');
    expect(text).toMatch(/response_total\{direction="inbound",deployment="edge-proxy",[^}]*client_id=""/);
    expect(text).toMatch(/response_total\{direction="outbound",deployment="checkout"/);
    expect(text).toMatch(/traces_service_graph_request_total\{client="user",server="edge-proxy",connection_type="virtual_node"/);
    expect(text).toMatch(/traces_service_graph_request_failed_total\{client="payments",server="payments",client_cloud_region="eu-west-1",server_cloud_region="us-east-1"\}/);
  });

  it('answers 404 outside /metrics', async () => {
    exporter = await startDemoExporter({ port: 0, seed: 1 });
    expect((await fetch(`${exporter.url}/`)).status).toBe(404);
  });
});
