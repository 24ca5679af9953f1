import { describe, expect, it } from 'vitest';
import { adoptToken, hubSocketUrl } from '../../renderer/app/token';
import { wallDwellMs } from '../../renderer/app/wall';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

function browserAt(href: string) {
  const replaced: string[] = [];
  const location = { href } as Location;
  const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History;
  return { location, history, replaced };
}

describe('adoptToken()', () => {
  it('stores the token and removes only it from the address bar', () => {
    const { location, history, replaced } = browserAt('http://wall.local:7300/?wall=30&token=s3cr%2Bt#/region/east');
    const storage = new MemoryStorage();
    expect(adoptToken(location, history, storage)).toBe('s3cr+t');
    expect(replaced).toEqual(['/?wall=30#/region/east']);
    expect(storage.getItem('flowsight.token')).toBe('s3cr+t');
  });
  it('keeps using a stored token after the URL lost it', () => {
    const { location, history, replaced } = browserAt('http://wall.local:7300/#/');
    const storage = new MemoryStorage();
    storage.setItem('flowsight.token', 'kept');
    expect(adoptToken(location, history, storage)).toBe('kept');
    expect(replaced).toEqual([]);
  });
});

describe('hubSocketUrl()', () => {
  it('uses ws or wss after the page and carries the token encoded', () => {
    expect(hubSocketUrl({ protocol: 'http:', host: '127.0.0.1:7300' }, null)).toBe('ws://127.0.0.1:7300/ws');
    expect(hubSocketUrl({ protocol: 'https:', host: 'noc.example' }, 'a b&c')).toBe('wss://noc.example/ws?token=a%20b%26c');
  });
});

describe('wallDwellMs()', () => {
  it('reads seconds, defaults nonsense to 20 s and floors tiny values at 2 s', () => {
    expect(wallDwellMs('?wall=15')).toBe(15_000);
    expect(wallDwellMs('?wall=')).toBe(20_000);
    expect(wallDwellMs('?wall=abc')).toBe(20_000);
    expect(wallDwellMs('?wall=0.5')).toBe(2_000);
    expect(wallDwellMs('?x=1')).toBeNull();
  });
});
