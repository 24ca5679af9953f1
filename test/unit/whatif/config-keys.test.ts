import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/hub/config';
import { resolveServeOptions } from '../../../electron/hub/serve-options';

describe('config capacity and headroom', () => {
  it('reads capacity per region and service, and headroom', () => {
    const config = parseConfig('capacity:\n  us-east-1:\n    checkout: 1200\nheadroom: 1.25\n', 'f.yaml');
    expect(config.capacity).toEqual({ 'us-east-1': { checkout: 1200 } });
    expect(config.headroom).toBe(1.25);
  });

  it('names the file, line and key of a bad capacity', () => {
    expect(() => parseConfig('capacity:\n  us-east-1:\n    checkout: lots\n', 'f.yaml')).toThrow(/^f\.yaml:3: capacity\.us-east-1\.checkout: /);
    expect(() => parseConfig('headroom: -1\n', 'f.yaml')).toThrow(/^f\.yaml:1: headroom: /);
  });

  it('passes them to the hub', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'flowsight-cap-')), 'c.yaml');
    writeFileSync(file, 'capacity: {a: {web: 10}}\nheadroom: 2\n');
    const options = resolveServeOptions({ config: file }, '/tmp');
    expect(options.capacity).toEqual({ a: { web: 10 } });
    expect(options.headroom).toBe(2);
  });
});
