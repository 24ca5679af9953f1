// Error budgets: the queries, the arithmetic and the report of each SLO.
export * from './report';
export * from './duration';
export * from './burn-rate';
export * from './slo-queries';
export * from './slo-answer';
export * from './evaluate';
export * from './slo-notices';
