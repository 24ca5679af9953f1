export * from './model';
export * from './classify';
export * from './build-graph';
export * from './diff';
export * from './protocol';
export * from './vizceral';
export * from './presets/index';
export * from './demo/index';
