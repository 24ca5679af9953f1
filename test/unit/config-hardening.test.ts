import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../electron/hub/config';
import { FlagError, resolveServeOptions } from '../../electron/hub/serve-options';

function errorOf(text: string, env: Record<string, string> = {}): string {
  try {
    parseConfig(text, 'flowsight.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

function tempFile(text: string, mode = 0o600): string {
  const file = join(mkdtempSync(join(tmpdir(), 'flowsight-cfg-')), 'flowsight.yaml');
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

describe('parseConfig() and ${VAR}', () => {
  it('substitutes ${VAR} in values, with a :- default, and $${ for a literal', () => {
    const config = parseConfig(
      'token: ${FS_TOKEN}\nport: ${FS_PORT}\nsources:\n  - {name: p, type: prometheus, url: "http://${PROM_HOST:-127.0.0.1}:9090", headers: {X-Note: "$${kept}"}}\n',
      'f.yaml',
      { FS_TOKEN: 'a-long-enough-token-from-env', FS_PORT: '7311' },
    );
    expect(config.token).toBe('a-long-enough-token-from-env');
    expect(config.port).toBe(7311);
    const source = config.sources[0]!;
    expect(source.type === 'prometheus' && source.url).toBe('http://127.0.0.1:9090');
    expect(source.type === 'prometheus' && source.headers).toEqual({ 'X-Note': '${kept}' });
  });

  it('names file, line and key of a variable that is not set', () => {
    expect(errorOf('interval: 5\nsources:\n  - name: p\n    type: prometheus\n    url: http://x:9090\n    bearerToken: ${MIMIR_TOKEN}\n')).toBe(
      'flowsight.yaml:6: sources[0].bearerToken: environment variable MIMIR_TOKEN is not set',
    );
  });
});

describe('parseConfig() refuses with one line', () => {
  it('a YAML alias bomb', () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    const message = errorOf(bomb.join('\n') + '\n');
    expect(message).toMatch(/^flowsight\.yaml:1: invalid YAML: too many aliases/);
    expect(message).not.toContain('\n');
  });

  it('allowedOrigins "*" instead of silently ignoring it', () => {
    expect(errorOf('allowedOrigins: ["*"]\n')).toMatch(/^flowsight\.yaml:1: allowedOrigins\[0\]: "\*" would let any web page/);
    expect(errorOf('allowedOrigins: ["https://noc.example.com/path"]\n')).toMatch(/is not an origin/);
    expect(parseConfig('allowedOrigins: ["https://noc.example.com"]\n', 'f.yaml').allowedOrigins).toEqual(['https://noc.example.com']);
  });

  it('a token shorter than 16 bytes', () => {
    expect(errorOf('token: short\n')).toMatch(/^flowsight\.yaml:1: token: a token must be at least 16 bytes/);
  });

  it('with "did you mean" for a near key and for words from other tools', () => {
    expect(errorOf('sources:\n  - name: p\n    type: prometheus\n    url: http://x:9090\n    regionLabel: {source: a, destination: b}\n')).toBe(
      'flowsight.yaml:5: sources[0].regionLabel: unknown key (did you mean regionLabels?)',
    );
    expect(errorOf('sources:\n  - name: f\n    type: vizceral\n    file: ./traffic.json\n')).toBe('flowsight.yaml:4: sources[0].file: unknown key (did you mean path?)');
    expect(errorOf('colour: red\n')).toBe('flowsight.yaml:1: colour: unknown key');
  });
});

describe('loadConfig()', () => {
  it('reports a missing file as missing, without a line number', () => {
    expect(() => loadConfig('/nonexistent/nope.yaml')).toThrow(new ConfigError('/nonexistent/nope.yaml: no such config file'));
  });

  it('warns when a group- or world-readable file holds a token, not when the token comes from ${VAR}', () => {
    const warnings: string[] = [];
    loadConfig(tempFile('token: a-long-enough-token-in-file\n', 0o644), { warn: (line) => warnings.push(line) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/holds tokens or passwords and is readable by everyone; chmod 600/);
    loadConfig(tempFile('token: a-long-enough-token-in-file\n', 0o600), { warn: (line) => warnings.push(line) });
    loadConfig(tempFile('token: ${T}\n', 0o644), { warn: (line) => warnings.push(line), env: { T: 'a-long-enough-token-from-env' } });
    expect(warnings).toHaveLength(1);
  });
});

describe('resolveServeOptions() hardening', () => {
  it('refuses a --token shorter than 16 bytes', () => {
    expect(() => resolveServeOptions({ token: 'x' }, '/s')).toThrow(new FlagError('--token: must be at least 16 bytes (e.g. openssl rand -base64 24)'));
  });

  it('treats a DNS name that starts with 127. as not loopback, so it needs a token', () => {
    expect(() => resolveServeOptions({ host: '127.evil.example' }, '/s')).toThrow(/^--host: binding 127\.evil\.example needs --token/);
    expect(resolveServeOptions({ host: '::1' }, '/s').host).toBe('::1');
    expect(resolveServeOptions({ host: 'localhost' }, '/s').host).toBe('localhost');
  });
});
