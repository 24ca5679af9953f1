// Prometheus presets: the queries each mesh's metrics need and the pure normalisers from their answers to calls.
import { custom } from './custom';
import { istio } from './istio';
import { linkerd } from './linkerd';
import type { Preset, PresetName } from './preset';
import { servicegraph } from './servicegraph';

export * from './preset';
export * from './answer';
export { normaliseAnswers } from './normalise';
export * from './rate-window';
export { RateWindowTracker } from './rate-window-tracker';
export { CallTable, regionOf, type CallEntry, type SamplePart } from './call-table';
export { istio, ISTIO_REGION_LABELS } from './istio';
export { linkerd } from './linkerd';
export { servicegraph, SERVICEGRAPH_REGION_LABELS } from './servicegraph';
export { custom } from './custom';

export const PRESETS: Readonly<Record<PresetName, Preset>> = { istio, linkerd, servicegraph, custom };
