// Alerts on the graph: reading Alertmanager, mapping alerts to places, summing them for badges.
export * from './alertmanager-answer';
export * from './map-alerts';
export * from './severity';
export * from './http-url';
export * from './place-notices';
export * from './alert-summary';
export * from './alert-list';
