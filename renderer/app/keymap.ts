// The view's keyboard shortcuts (issue 4 §1, §3), as a pure mapping so that it is unit-tested.
export type KeyAction = 'search' | 'fit' | 'labels' | 'metric' | 'drill' | 'up' | 'next' | 'previous' | 'panel' | 'legend' | 'rehearse' | 'export-png' | 'export-json' | 'live' | 'step-back' | 'step-forward';

export interface KeyPress {
  key: string;
  shiftKey?: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const ACTIONS: Record<string, KeyAction> = {
  '/': 'search',
  f: 'fit',
  l: 'labels',
  // The edge numbers cycle rps → error % → p95 latency (and show, if they were hidden).
  m: 'metric',
  p: 'panel',
  // The legend card folds away and back (its choice kept across reloads).
  k: 'legend',
  r: 'rehearse',
  // The timeline bar (issue 10 §3): Shift+L back to live (l alone is labels), [ and ] one poll back and forward.
  L: 'live',
  '[': 'step-back',
  ']': 'step-forward',
  // Export what is on screen: x the picture, j the graph as Vizceral JSON.
  x: 'export-png',
  j: 'export-json',
  Enter: 'drill',
  Escape: 'up',
  Backspace: 'up',
  // Between nodes, busiest first: arrows anywhere, Tab while no control has the focus (see app.ts).
  ArrowRight: 'next',
  ArrowDown: 'next',
  ArrowLeft: 'previous',
  ArrowUp: 'previous',
  Tab: 'next',
};

/** The action for a key press, or null; keys typed into a field and browser/OS chords are left alone. */
export function keyAction(press: KeyPress, typing: boolean): KeyAction | null {
  if (typing || press.ctrlKey || press.metaKey || press.altKey) return null;
  const action = Object.hasOwn(ACTIONS, press.key) ? (ACTIONS[press.key] ?? null) : null;
  return action === 'next' && press.key === 'Tab' && press.shiftKey === true ? 'previous' : action;
}
