// Sources polled together are published together: a fast source's answer waits (briefly) for a slower
// one's, so displays get one merged graph per round instead of a half-new picture first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../electron/hub/hub';
import type { Source } from '../../electron/hub/sources/source';

function source(name: string, delayMs: number): Source {
  return {
    name,
    type: 'test',
    region: name,
    detail: `answers after ${delayMs} ms`,
    async poll() {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const call = { sourceRegion: name, source: 'a', destinationRegion: name, destination: 'b', rate: { normal: 1, danger: 0, warning: 0 } };
      return { source: name, sampledAt: Date.now(), calls: [call], seriesRead: 1 };
    },
  };
}

describe('hub poll rounds', () => {
  it('publishes one graph for sources that answer within a moment of each other', async () => {
    const hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 60,
      sources: [],
      extraSources: [source('fast', 0), source('slow', 120)],
      staticDir: mkdtempSync(join(tmpdir(), 'flowsight-static-')),
    });
    try {
      const deadline = Date.now() + 10_000;
      while (hub.graph().regions.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const status = (await (await fetch(hub.url + 'api/status')).json()) as { seq: number };
      expect(hub.graph().regions.map((r) => r.name)).toEqual(['fast', 'slow']);
      expect(status.seq).toBe(1);
    } finally {
      await hub.close();
    }
  });
});
