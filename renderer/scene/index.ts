// The scene's public surface (the app codes against exactly this); see flow-scene.ts.
export { createScene } from './flow-scene';
export type { DrawnItem, FlowScene, PickHit, SceneStats, ShownLabel, ZoomEvent } from './flow-scene';
export { browserClock, SteppableClock } from './scene-clock';
export type { ClockControl, FrameCallback, SceneClock } from './scene-clock';
