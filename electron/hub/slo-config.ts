// The `slos:` config key: one entry per service objective. Checked at start-up against the sources, so an
// SLO that no Prometheus source can answer is a config error naming its line, not a silent blank.
import { z } from 'zod';
import { durationSeconds } from '../../shared/slo/duration';

const duration = z.string().refine((text) => durationSeconds(text) > 0, 'a PromQL duration such as 30d or 28d');

export const sloSchema = z
  .strictObject({
    service: z.string().min(1).max(200),
    /** Absent: the service in every region the source reports. */
    region: z.string().min(1).max(200).optional(),
    /** Percent of good requests, e.g. 99.9. */
    objective: z.number().gt(0).lt(100),
    window: duration.default('30d'),
    kind: z.enum(['availability', 'latency']).default('availability'),
    /** Latency: a request is good when it took at most this long. */
    thresholdMs: z.number().positive().optional(),
    /** The prometheus source to query; default the one whose `region` is this SLO's, else the first. */
    source: z.string().min(1).optional(),
  })
  .superRefine((slo, ctx) => {
    if (slo.kind === 'latency' && slo.thresholdMs === undefined) ctx.addIssue({ code: 'custom', path: ['thresholdMs'], message: 'a latency SLO needs thresholdMs' });
    if (slo.kind === 'availability' && slo.thresholdMs !== undefined) ctx.addIssue({ code: 'custom', path: ['thresholdMs'], message: 'thresholdMs applies to kind: latency only' });
  });

export type SloConfig = z.infer<typeof sloSchema>;

/** How often SLOs are evaluated, seconds: their windows are minutes to days, so every poll would be waste. */
export const DEFAULT_SLO_INTERVAL = 30;
