// The built-in demo: a seeded, time-driven simulator of a multi-region shop.
export * from './rng';
export * from './topology';
export * from './simulator';
