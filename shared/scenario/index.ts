// Rehearsals: scenario files that script the demo, the player that times them, the status they report.
export * from './duration';
export * from './schema';
export * from './check';
export * from './world';
export * from './player';
export * from './session';
export * from './status';
