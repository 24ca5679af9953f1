import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVizceralFileSource } from '../../electron/hub/sources/vizceral-file';

const TWO_DAYS_AGO = Date.now() - 2 * 86_400_000;

function feedFile(feed: unknown, mtimeMs?: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'flowsight-feed-')), 'feed.json');
  writeFileSync(path, JSON.stringify(feed));
  if (mtimeMs !== undefined) utimesSync(path, mtimeMs / 1000, mtimeMs / 1000);
  return path;
}

const region = (updated?: number) => ({
  renderer: 'region',
  name: 'r',
  ...(updated === undefined ? {} : { updated }),
  nodes: [],
  connections: [{ source: 'INTERNET', target: 'a', metrics: { normal: 1 }, notices: [{ title: 'hot', severity: 2 }] }],
});

describe('vizceral file source', () => {
  it("stamps its data with the feed's own time, not the poll's", async () => {
    const path = feedFile({ renderer: 'global', serverUpdateTime: TWO_DAYS_AGO, nodes: [region(TWO_DAYS_AGO - 5_000)], connections: [] });
    const batch = await createVizceralFileSource({ name: 'feed', path }).poll(new AbortController().signal);
    expect(batch.sampledAt).toBe(TWO_DAYS_AGO);
    expect(batch.regionUpdated).toEqual({ r: TWO_DAYS_AGO - 5_000 });
    expect(batch.notices).toEqual([{ region: 'r', service: 'INTERNET', target: 'a', notice: { severity: 'danger', title: 'hot' } }]);
  });

  it("falls back to the file's modification time when the feed carries no time", async () => {
    const path = feedFile({ renderer: 'global', nodes: [region()], connections: [] }, TWO_DAYS_AGO);
    const batch = await createVizceralFileSource({ name: 'feed', path }).poll(new AbortController().signal);
    expect(Math.abs(batch.sampledAt - TWO_DAYS_AGO)).toBeLessThan(1_000);
  });
});
