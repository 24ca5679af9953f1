import { describe, expect, it } from 'vitest';
import { keyAction } from '../../renderer/app/keymap';

const press = (key: string, chord: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...chord,
});

describe('keyAction()', () => {
  it('maps the documented shortcuts', () => {
    expect(['/', 'f', 'l', 'Enter', 'Escape', 'Backspace'].map((k) => keyAction(press(k), false))).toEqual([
      'search',
      'fit',
      'labels',
      'drill',
      'up',
      'up',
    ]);
  });
  it('maps the timeline bar’s keys: Shift+L live (l stays labels), [ and ] one poll back and forward', () => {
    expect(['L', 'l', '[', ']'].map((k) => keyAction(press(k), false))).toEqual(['live', 'labels', 'step-back', 'step-forward']);
    expect(keyAction(press(']'), true)).toBeNull();
  });
  it('folds the legend away and back with k, the panel with p, and leaves both alone while typing', () => {
    expect(['k', 'p'].map((k) => keyAction(press(k), false))).toEqual(['legend', 'panel']);
    expect(keyAction(press('k'), true)).toBeNull();
  });
  it('exports the view: x the picture, j the graph as Vizceral JSON', () => {
    expect(['x', 'j'].map((k) => keyAction(press(k), false))).toEqual(['export-png', 'export-json']);
    expect(keyAction(press('x'), true)).toBeNull();
  });
  it('leaves keys typed into a field alone', () => {
    expect(keyAction(press('f'), true)).toBeNull();
    expect(keyAction(press('Backspace'), true)).toBeNull();
  });
  it('leaves browser and OS chords alone', () => {
    expect(keyAction(press('f', { ctrlKey: true }), false)).toBeNull();
    expect(keyAction(press('l', { metaKey: true }), false)).toBeNull();
    expect(keyAction(press('Enter', { altKey: true }), false)).toBeNull();
  });
  it('ignores other keys, including inherited property names', () => {
    expect(keyAction(press('q'), false)).toBeNull();
    expect(keyAction(press('toString'), false)).toBeNull();
    expect(keyAction(press('F'), false)).toBeNull();
  });
});
