// The `timeline:` config key: how much memory the hub's record of past polls may take, and how far back it
// keeps them. Older instants are still answered by sources that can (Prometheus evaluates at `time=T`).
import { z } from 'zod';
import { durationMs } from '../../shared/duration';

export const TIMELINE_DEFAULTS = { maxMB: 256, retention: '6h' } as const;

export const timelineConfigSchema = z.strictObject({
  /** Memory bound of the record, MiB; the oldest polls go first. 6 h of 2,000 services take ~65 MB. */
  maxMB: z.number().min(0).max(65_536).default(TIMELINE_DEFAULTS.maxMB),
  retention: z
    .string()
    .refine((text) => durationMs(text) >= 1_000, 'a duration of at least 1s, e.g. 6h or 90m')
    .default(TIMELINE_DEFAULTS.retention),
});

export type TimelineConfig = z.output<typeof timelineConfigSchema>;

export interface TimelineBounds {
  maxBytes: number;
  retentionMs: number;
}

export function timelineBounds(config: Partial<TimelineConfig> | undefined): TimelineBounds {
  return {
    maxBytes: (config?.maxMB ?? TIMELINE_DEFAULTS.maxMB) * 2 ** 20,
    retentionMs: durationMs(config?.retention ?? TIMELINE_DEFAULTS.retention),
  };
}
