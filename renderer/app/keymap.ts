// The view's keyboard shortcuts (issue 4 §1, §3), as a pure mapping so that it is unit-tested.
export type KeyAction = 'search' | 'fit' | 'labels' | 'drill' | 'up' | 'rehearse';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const ACTIONS: Record<string, KeyAction> = {
  '/': 'search',
  f: 'fit',
  l: 'labels',
  r: 'rehearse',
  Enter: 'drill',
  Escape: 'up',
  Backspace: 'up',
};

/** The action for a key press, or null; keys typed into a field and browser/OS chords are left alone. */
export function keyAction(press: KeyPress, typing: boolean): KeyAction | null {
  if (typing || press.ctrlKey || press.metaKey || press.altKey) return null;
  return Object.hasOwn(ACTIONS, press.key) ? (ACTIONS[press.key] ?? null) : null;
}
