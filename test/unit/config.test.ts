import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../electron/hub/config';
import { FlagError, resolveServeOptions } from '../../electron/hub/serve-options';

function errorOf(text: string): string {
  try {
    parseConfig(text, 'flowsight.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig()', () => {
  it('reads the contract example with preset defaults', () => {
    const config = parseConfig(
      `interval: 5
sources:
  - name: prod-east
    type: prometheus
    url: http://127.0.0.1:9090
    preset: istio
    regionLabels:
      source: source_cluster
      destination: destination_cluster
  - name: netflix-feed
    type: vizceral
    path: ./traffic.json
`,
      'f.yaml',
    );
    expect(config.interval).toBe(5);
    expect(config.sources[0]).toMatchObject({ name: 'prod-east', type: 'prometheus', preset: 'istio', rateWindow: 'auto' });
    expect(config.sources[1]).toMatchObject({ type: 'vizceral', path: './traffic.json' });
  });

  it('names the file, line and key of an invalid value', () => {
    expect(errorOf('interval: 5\nsources:\n  - name: a\n    type: prometheus\n    url: http://x:9090\n    preset: istoi\n')).toMatch(
      /^flowsight\.yaml:6: sources\[0\]\.preset: /,
    );
  });

  it('rejects an unknown key at the line where it is written', () => {
    expect(errorOf('interval: 5\nsources:\n  - name: a\n    type: demo\n    sead: 3\n')).toBe('flowsight.yaml:5: sources[0].sead: unknown key (did you mean seed?)');
    expect(errorOf('intervall: 5\n')).toBe('flowsight.yaml:1: intervall: unknown key (did you mean interval?)');
  });

  it('says which required key is missing', () => {
    expect(errorOf('sources:\n  - name: feed\n    type: vizceral\n')).toBe('flowsight.yaml:2: sources[0].path: required key is missing');
  });

  it('rejects duplicate source names and broken YAML with a line', () => {
    expect(errorOf('sources:\n  - {name: a, type: demo}\n  - {name: a, type: demo}\n')).toMatch(/^flowsight\.yaml:3: sources\[1\]\.name: duplicate/);
    expect(errorOf('sources: [\n')).toMatch(/^flowsight\.yaml:\d+: invalid YAML/);
  });

  it('resolves a vizceral path against the config file folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-config-'));
    const file = join(dir, 'f.yaml');
    writeFileSync(file, 'sources:\n  - {name: feed, type: vizceral, path: traffic.json}\n');
    const source = loadConfig(file).sources[0]!;
    expect(source.type === 'vizceral' && source.path).toBe(join(dir, 'traffic.json'));
  });
});

describe('resolveServeOptions()', () => {
  it('uses the demo when no other source is given, on 127.0.0.1:7300', () => {
    const options = resolveServeOptions({}, '/tmp/static');
    expect(options).toMatchObject({ host: '127.0.0.1', port: 7300, interval: 5 });
    expect(options.sources.map((s) => s.type)).toEqual(['demo']);
  });

  it('adds a Prometheus source with the preset from the flags and no demo', () => {
    const options = resolveServeOptions({ prometheus: 'http://127.0.0.1:9090', preset: 'linkerd', interval: '2', port: '0' }, '/tmp/static');
    expect(options.sources).toEqual([expect.objectContaining({ type: 'prometheus', preset: 'linkerd', url: 'http://127.0.0.1:9090' })]);
    expect(options).toMatchObject({ interval: 2, port: 0 });
  });

  it('defaults the rate() window of the --prometheus source to auto, and takes auto or a duration from --rate-window', () => {
    expect(resolveServeOptions({ prometheus: 'http://127.0.0.1:9090' }, '/s').sources[0]).toMatchObject({ rateWindow: 'auto' });
    expect(resolveServeOptions({ prometheus: 'http://127.0.0.1:9090', rateWindow: 'auto' }, '/s').sources[0]).toMatchObject({ rateWindow: 'auto' });
  });

  it('sets the rate() window of the --prometheus source from --rate-window', () => {
    const options = resolveServeOptions({ prometheus: 'http://127.0.0.1:9090', rateWindow: '30s' }, '/s');
    expect(options.sources[0]).toMatchObject({ rateWindow: '30s' });
  });

  it('sets the rate() window of the config file\'s Prometheus sources from --rate-window', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-config-'));
    const file = join(dir, 'f.yaml');
    writeFileSync(file, 'sources:\n  - {name: p, type: prometheus, url: "http://127.0.0.1:9090"}\n');
    expect(resolveServeOptions({ config: file, rateWindow: '2m' }, '/s').sources[0]).toMatchObject({ rateWindow: '2m' });
  });

  it('refuses a non-loopback bind without a token', () => {
    expect(() => resolveServeOptions({ host: '0.0.0.0' }, '/tmp/static')).toThrow(FlagError);
    expect(resolveServeOptions({ host: '0.0.0.0', token: 's3cret-token-0123456' }, '/tmp/static').tokens).toEqual(['s3cret-token-0123456']);
  });

  it('names the flag of a bad value', () => {
    expect(() => resolveServeOptions({ port: 'eighty' }, '/s')).toThrow(/^--port: /);
    expect(() => resolveServeOptions({ interval: '0' }, '/s')).toThrow(/^--interval: /);
    expect(() => resolveServeOptions({ preset: 'consul' }, '/s')).toThrow(/^--preset: /);
    expect(() => resolveServeOptions({ prometheus: 'ftp://x' }, '/s')).toThrow(/^--prometheus: /);
    expect(() => resolveServeOptions({ prometheus: 'http://x:9090', rateWindow: 'a minute' }, '/s')).toThrow(/^--rate-window: /);
  });
});

describe('island settings (groupBy, islandsAbove)', () => {
  it('passes groupBy and islandsAbove from the config file to the displays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-config-'));
    const file = join(dir, 'flowsight.yaml');
    writeFileSync(file, 'groupBy: "^([a-z]+)-"\nislandsAbove: 120\nsources:\n  - name: demo\n    type: demo\n');
    expect(resolveServeOptions({ config: file }, '/s').islands).toEqual({ groupBy: '^([a-z]+)-', above: 120 });
    expect(resolveServeOptions({}, '/s').islands).toBeUndefined();
  });

  it('names the line of a groupBy pattern without a capture group', () => {
    expect(errorOf('groupBy: "^[a-z]+-"\nsources: []\n')).toMatch(/^flowsight.yaml:1: groupBy: .*capture group/);
  });
});
