// The evacuation what-if: plan → projection of the live world → report. Re-exports only.
export { DEFAULT_HEADROOM, capacityOf, type CapacityConfig, type CapacityOptions, type CapacitySource } from './capacity';
export { formatUtilisation } from './format';
export { hashQuery, planFromWhatifParam, whatifParam } from './deep-link';
export { PeakTracker } from './peak-tracker';
export { parsePlan, planFromQuery, planKey, planToQuery, validatePlan, whatifPlanSchema, type PlanProblem, type QueryParams, type PlanResult, type WhatifPlan } from './plan';
export { projectWhatif, STEPS, type OverloadedService, type ProjectedCall, type ProjectedService, type Projection, type UnplaceableTraffic } from './project';
export { overloadNotice, projectedGraph, WHATIF_SOURCE } from './projected-graph';
export { planTitle, reportMarkdown, whatifReport, type ReportContext, type WhatifReport } from './report';
