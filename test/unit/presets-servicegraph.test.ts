import { describe, expect, it } from 'vitest';
import { INTERNET } from '../../shared/model';
import { servicegraph, type PresetOptions } from '../../shared/presets/index';
import { find, loadAnswer } from './helpers/prometheus-fixtures';

const options: PresetOptions = { sourceName: 'tempo', rateWindow: '2m' };
const calls = servicegraph.normalise({ requests: loadAnswer('servicegraph-requests'), failures: loadAnswer('servicegraph-failures') }, options);
const internet = `${INTERNET}/${INTERNET}`;

describe('servicegraph preset', () => {
  it('queries the connector\'s request and failed-request counters by client, server and cloud region', () => {
    const [requests, failures] = servicegraph.queries(options);
    expect(requests!.promql).toBe(
      'sum by (client, server, connection_type, virtual_node, client_cloud_region, server_cloud_region) (rate(traces_service_graph_request_total[2m]))',
    );
    expect(failures!.promql).toContain('rate(traces_service_graph_request_failed_total[2m])');
    expect(failures!.promql).toContain(' or sum by (client, server, connection_type, virtual_node, client_cloud_region, server_cloud_region) (rate(traces_service_graph_request_total{failed="true"}[2m]))');
  });

  it('subtracts failed requests from the total, since failed is a subset of it', () => {
    expect(find(calls, 'eu-west-1/checkout → us-east-1/payments').rate).toEqual({ normal: 1, danger: 0.2, warning: 0 });
  });

  it('treats client "user" as the INTERNET', () => {
    expect(find(calls, `${internet} → eu-west-1/frontend`).rate).toEqual({ normal: 19, danger: 1, warning: 0 });
  });

  it('treats a virtual client node without a region as the INTERNET', () => {
    expect(find(calls, `${internet} → us-east-1/frontend`).rate.normal).toBe(5);
  });

  it('places a server without a region label, such as a database or external API, in its client\'s region', () => {
    expect(find(calls, 'eu-west-1/cart → eu-west-1/redis').rate).toEqual({ normal: 6, danger: 0, warning: 0 });
    expect(find(calls, 'eu-west-1/checkout → eu-west-1/stripe.com').rate.normal).toBe(0.5);
  });

  it('places a call with no region labels at all in the region named after the source', () => {
    expect(find(calls, 'tempo/worker → tempo/queue').rate.normal).toBe(2);
  });

  it('passes hostile names through untouched and skips NaN and infinite samples', () => {
    expect(find(calls, 'eu-west-1/ορθογραφία → eu-west-1/<img src=x onerror=alert(1)>').rate.normal).toBe(0.3);
    expect(calls.some((c) => c.destination === 'ads')).toBe(false);
  });

  it('reads other region labels when configured', () => {
    const [requests] = servicegraph.queries({ ...options, regionLabels: { source: 'client_k8s_cluster_name', destination: 'server_k8s_cluster_name' } });
    expect(requests!.promql).toContain('client_k8s_cluster_name, server_k8s_cluster_name');
  });

  it('keeps the real caller of a virtual server (virtual_node="server"), in the caller\'s region', () => {
    expect(find(calls, 'tempo/orders → tempo/orders-db').rate).toEqual({ normal: 3.6, danger: 0.4, warning: 0 });
  });

  it('keeps the real caller of a peer-named external system without region labels', () => {
    // checkout is instrumented elsewhere in the answer; billing-cron only calls out, which is still a real client.
    expect(find(calls, 'tempo/checkout → tempo/api.stripe.com').rate.normal).toBe(0.7);
    expect(find(calls, 'tempo/billing-cron → tempo/api.paypal.com').rate.normal).toBe(0.1);
  });

  it('reads virtual_node="client" and an uninstrumented caller of an instrumented server as the INTERNET', () => {
    expect(find(calls, `${internet} → eu-west-1/frontend`).rate.normal).toBe(19);
    expect(find(calls, `${internet} → tempo/frontend`).rate.normal).toBe(3);
    expect(find(calls, `${internet} → tempo/cart`).rate.normal).toBe(1.5);
    expect(calls.some((c) => c.source === 'web-browser' || c.source === 'partner-gw')).toBe(false);
  });

  it('counts an edge split by a failed label as one call, failed requests once', () => {
    expect(find(calls, 'eu-west-1/frontend → eu-west-1/search').rate).toEqual({ normal: 3, danger: 1, warning: 0 });
  });
});
