import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../electron/hub/config';
import { resolveServeOptions } from '../../electron/hub/serve-options';

function errorOf(text: string): string {
  try {
    parseConfig(text, 'flowsight.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const PROMETHEUS = `  - name: mesh
    type: prometheus
    url: http://127.0.0.1:9090
`;

describe('parseConfig() with alerts and SLOs', () => {
  it('reads an alertmanager source with its label mapping, and SLOs with their defaults', () => {
    const config = parseConfig(
      `sources:
${PROMETHEUS}  - name: alerts
    type: alertmanager
    url: http://127.0.0.1:9093
    bearerToken: secret
    region: us-east-1
    labels:
      service: [service, app]
    filter: ['team="payments"']
slos:
  - service: checkout
    region: us-east-1
    objective: 99.9
  - service: search
    objective: 99
    window: 28d
    kind: latency
    thresholdMs: 300
`,
      'f.yaml',
    );
    expect(config.sources[1]).toMatchObject({ type: 'alertmanager', region: 'us-east-1', labels: { service: ['service', 'app'] }, filter: ['team="payments"'] });
    expect(config.slos).toEqual([
      { service: 'checkout', region: 'us-east-1', objective: 99.9, window: '30d', kind: 'availability' },
      { service: 'search', objective: 99, window: '28d', kind: 'latency', thresholdMs: 300 },
    ]);
  });

  it('names file, line and key of a bad SLO', () => {
    expect(errorOf(`sources:\n${PROMETHEUS}slos:\n  - service: checkout\n    objective: 100\n`)).toBe('flowsight.yaml:7: slos[0].objective: Too big: expected number to be <100');
    expect(errorOf(`sources:\n${PROMETHEUS}slos:\n  - service: s\n    objective: 99\n    window: 30 days\n`)).toBe('flowsight.yaml:8: slos[0].window: a PromQL duration such as 30d or 28d');
    expect(errorOf(`sources:\n${PROMETHEUS}slos:\n  - service: s\n    objective: 99\n    kind: latency\n`)).toBe('flowsight.yaml:6: slos[0].thresholdMs: a latency SLO needs thresholdMs');
    expect(errorOf(`sources:\n${PROMETHEUS}slos:\n  - service: s\n    objective: 99\n    source: nope\n`)).toBe('flowsight.yaml:8: slos[0].source: no prometheus source named "nope"');
    expect(errorOf(`slos:\n  - service: s\n    objective: 99\n`)).toBe('flowsight.yaml:2: slos[0].service: an SLO needs a prometheus source to query');
  });

  it('rejects an alertmanager source without a url or with an unknown key', () => {
    expect(errorOf(`sources:\n  - name: a\n    type: alertmanager\n`)).toMatch(/^flowsight\.yaml:2: sources\[0\]\.url: required key is missing/);
    expect(errorOf(`sources:\n  - name: a\n    type: alertmanager\n    url: http://x:9093\n    silences: true\n`)).toBe('flowsight.yaml:5: sources[0].silences: unknown key');
  });
});

describe('resolveServeOptions() with an Alertmanager alone', () => {
  it('adds the demo for traffic, since an Alertmanager draws none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-cfg-'));
    const file = join(dir, 'f.yaml');
    writeFileSync(file, 'sources:\n  - name: alerts\n    type: alertmanager\n    url: http://127.0.0.1:9093\n');
    expect(resolveServeOptions({ config: file }, dir).sources.map((s) => s.type)).toEqual(['alertmanager', 'demo']);
  });
});
