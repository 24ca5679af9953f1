import { describe, expect, it } from 'vitest';
import { INTERNET } from '../../shared/model';
import { linkerd, type PresetAnswers, type PresetOptions } from '../../shared/presets/index';
import { byKey, find, loadAnswer } from './helpers/prometheus-fixtures';

const answers: PresetAnswers = {
  requests: loadAnswer('linkerd-requests'),
  outcomes: loadAnswer('linkerd-outcomes'),
  inbound: loadAnswer('linkerd-inbound'),
  inboundOutcomes: loadAnswer('linkerd-inbound-outcomes'),
};
const options: PresetOptions = { sourceName: 'linkerd-prod', rateWindow: '1m' };
const calls = linkerd.normalise(answers, options);
const regional = linkerd.normalise(answers, { ...options, regionLabels: { source: 'src_region', destination: 'dst_region' } });

describe('linkerd preset', () => {
  it('queries outbound response_total from deployment to dst_deployment, and the not-OK series with what classifies them', () => {
    const queries = linkerd.queries(options);
    expect(queries.map((q) => q.id)).toEqual(['requests', 'outcomes', 'inbound', 'inboundOutcomes', 'latency', 'inboundLatency']);
    expect(queries[0]!.promql).toBe(
      'sum by (deployment, namespace, dst_deployment, dst_namespace, dst_service) (rate(response_total{direction="outbound"}[1m]))',
    );
    expect(queries[1]!.promql).toContain('classification="failure"');
    expect(queries[1]!.promql).toContain('status_code=~"4.."');
    expect(queries[1]!.promql).toContain('grpc_status!~"0|"');
    expect(queries[1]!.promql).toMatch(/^sum by \(deployment, .*, classification, status_code, grpc_status\)/);
  });

  it('reads inbound series only from callers without an identity or a source deployment', () => {
    const inbound = linkerd.queries(options)[2]!.promql;
    expect(inbound).toContain('direction="inbound", client_id="", src_deployment=""');
  });

  it('adds the configured region labels to every grouping', () => {
    for (const query of linkerd.queries({ ...options, regionLabels: { source: 'src_region', destination: 'dst_region' } })) {
      expect(query.promql).toMatch(/dst_region/);
    }
  });

  it('puts every call in one region named after the source when no region labels are configured', () => {
    const regions = new Set(calls.flatMap((c) => [c.sourceRegion, c.destinationRegion]));
    expect([...regions].sort()).toEqual([INTERNET, 'linkerd-prod']);
  });

  it('splits an outbound call into failures by the proxy\'s classification, client errors (4xx, non-OK gRPC) and the rest', () => {
    expect(find(calls, 'linkerd-prod/web → linkerd-prod/emoji').rate).toEqual({ normal: 9.75, danger: 1.5, warning: 0.75 });
  });

  it('names a destination outside the mesh after its service', () => {
    expect(find(calls, 'linkerd-prod/voting → linkerd-prod/postgres').rate.normal).toBe(2);
  });

  it('counts inbound requests without a client identity as calls from the INTERNET, and only those', () => {
    const internet = find(calls, `${INTERNET}/${INTERNET} → linkerd-prod/web`).rate;
    expect(internet.normal).toBeCloseTo(8);
    expect(internet).toMatchObject({ danger: 0.9, warning: 0.1 });
    expect(find(calls, `${INTERNET}/${INTERNET} → linkerd-prod/admin`).rate.normal).toBe(0.5);
    expect(find(calls, 'linkerd-prod/vote-bot → linkerd-prod/web').rate.normal).toBe(4);
  });

  it('passes hostile names through untouched and skips NaN samples', () => {
    expect(find(calls, 'linkerd-prod/🦄-svc → linkerd-prod/<b>bold</b> "q"').rate.normal).toBe(1.25);
  });

  it('names a deployment deployment.namespace only when two namespaces of one region share its name', () => {
    const keys = [...byKey(calls).keys()];
    expect(keys).toContain('linkerd-prod/web → linkerd-prod/api.team-a');
    expect(keys).toContain('linkerd-prod/web → linkerd-prod/api.team-b');
    expect(keys).toContain('linkerd-prod/web → linkerd-prod/emoji');
  });

  it('places calls in the regions the configured labels name, falling back to the other side', () => {
    expect(find(regional, 'eu/web → us/voting').rate.normal).toBe(3);
    expect(find(regional, 'eu/vote-bot → eu/web').rate.normal).toBe(4);
    expect(find(regional, `${INTERNET}/${INTERNET} → eu/web`).rate.normal).toBeCloseTo(8);
    expect(find(regional, `${INTERNET}/${INTERNET} → linkerd-prod/admin`).rate.normal).toBe(0.5);
  });
});
