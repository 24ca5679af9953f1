import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_STATE, createStateStore, parseState } from '../../../electron/shell/state-store';

describe('parseState()', () => {
  it('keeps every valid field', () => {
    const state = { maximized: true, route: '#/region/eu', configPath: '/etc/flowsight.yaml', bounds: { x: 1, y: 2, width: 800, height: 600 } };
    expect(parseState(state)).toEqual(state);
  });

  it('falls back field by field on a damaged file', () => {
    expect(parseState({ maximized: 'yes', route: 'javascript:alert(1)', configPath: 7, bounds: { width: -1, height: 5 } })).toEqual(DEFAULT_STATE);
  });

  it('keeps a size without a position', () => {
    expect(parseState({ bounds: { width: 800, height: 600, x: 'left' } }).bounds).toEqual({ width: 800, height: 600 });
  });

  it('answers the defaults for something that is not an object', () => {
    expect(parseState(null)).toEqual(DEFAULT_STATE);
    expect(parseState([1, 2])).toEqual(DEFAULT_STATE);
  });
});

describe('createStateStore()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowsight-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads what it saved', () => {
    const store = createStateStore(join(dir, 'nested', 'state.json'));
    const state = { maximized: false, route: '#/region/us', configPath: null, bounds: { x: 5, y: 6, width: 900, height: 700 } };
    store.save(state);
    expect(store.load()).toEqual(state);
  });

  it('answers the defaults on first launch and for a truncated file', () => {
    const file = join(dir, 'state.json');
    const store = createStateStore(file);
    expect(store.load()).toEqual(DEFAULT_STATE);
    writeFileSync(file, '{"route": "#/reg');
    expect(store.load()).toEqual(DEFAULT_STATE);
  });

  it('writes the file readable by its owner only and leaves no temporary file', () => {
    const file = join(dir, 'state.json');
    createStateStore(file).save({ ...DEFAULT_STATE });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(DEFAULT_STATE);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });
});
