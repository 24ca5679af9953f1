import { describe, expect, it } from 'vitest';
import { SteppableClock, type FrameCallback, type SceneClock } from '../../renderer/scene/scene-clock';

/** A display that only shows a frame when the test says so, at the time the test says. */
class FakeDisplay implements SceneClock {
  time = 1000;
  private queue = new Map<number, FrameCallback>();
  private next = 1;
  now(): number {
    return this.time;
  }
  requestFrame(frame: FrameCallback): number {
    this.queue.set(this.next, frame);
    return this.next++;
  }
  cancelFrame(handle: number): void {
    this.queue.delete(handle);
  }
  get waiting(): number {
    return this.queue.size;
  }
  /** Advances real time by `ms` and shows one frame. */
  frame(ms: number): void {
    this.time += ms;
    const due = [...this.queue.values()];
    this.queue.clear();
    for (const f of due) f(this.time);
  }
}

/** A frame loop as the scene's: asks for the next frame first, then records what it drew at. */
function loop(clock: SteppableClock): { drawnAt: number[]; timed: (number | null)[] } {
  const seen = { drawnAt: [] as number[], timed: [] as (number | null)[] };
  const frame: FrameCallback = (t) => {
    clock.requestFrame(frame);
    seen.drawnAt.push(clock.now());
    seen.timed.push(t);
  };
  clock.requestFrame(frame);
  return seen;
}

describe('SteppableClock', () => {
  it('follows the display while running: scene time is real time and every display frame draws', () => {
    const display = new FakeDisplay();
    const clock = new SteppableClock({ real: display });
    const seen = loop(clock);
    display.frame(16);
    display.frame(17);
    expect(seen.drawnAt).toEqual([1016, 1033]);
    // The first frame after a start or resume is not timed (it would measure the pause); the next ones are.
    expect(seen.timed).toEqual([null, 1033]);
    expect(clock.now()).toBe(1033);
  });

  it('stands still while paused: real time passes, no frame is asked of the display, scene time does not move', () => {
    const display = new FakeDisplay();
    const clock = new SteppableClock({ real: display });
    const seen = loop(clock);
    display.frame(16);
    clock.pause();
    expect(display.waiting).toBe(0);
    display.frame(500);
    display.frame(500);
    expect(seen.drawnAt).toEqual([1016]);
    expect(clock.now()).toBe(1016);
    expect(clock.paused).toBe(true);
  });

  it('steps by exactly the time asked, in equal frames drawn before step() returns, none of them timed', () => {
    const display = new FakeDisplay();
    const clock = new SteppableClock({ real: display, paused: true });
    const start = clock.now();
    const seen = loop(clock);
    clock.step(100, 4);
    expect(seen.drawnAt).toEqual([start + 25, start + 50, start + 75, start + 100]);
    expect(seen.timed).toEqual([null, null, null, null]);
    clock.step(1 / 3);
    expect(clock.now()).toBe(start + 100 + 1 / 3);
    // Stepping pauses a running clock first.
    clock.resume();
    display.frame(40);
    expect(clock.now()).toBe(start + 140 + 1 / 3);
    clock.step(10);
    expect(clock.paused).toBe(true);
    display.frame(500);
    expect(clock.now()).toBe(start + 150 + 1 / 3);
  });

  it('resumes from where it stood, not from real time, and goes on with the display', () => {
    const display = new FakeDisplay();
    const clock = new SteppableClock({ real: display, paused: true });
    const start = clock.now();
    const seen = loop(clock);
    clock.step(250);
    display.time += 10_000;
    clock.resume();
    expect(clock.now()).toBe(start + 250);
    display.frame(16);
    display.frame(16);
    expect(seen.drawnAt).toEqual([start + 250, start + 266, start + 282]);
    expect(seen.timed).toEqual([null, null, display.time]);
  });

  it('refuses a step backwards or of no frames', () => {
    const clock = new SteppableClock({ real: new FakeDisplay(), paused: true });
    expect(() => clock.step(-1)).toThrow(RangeError);
    expect(() => clock.step(10, 0)).toThrow(RangeError);
    expect(() => clock.step(Number.NaN)).toThrow(RangeError);
  });

  it('forgets a cancelled frame', () => {
    const clock = new SteppableClock({ real: new FakeDisplay(), paused: true });
    let drawn = 0;
    const handle = clock.requestFrame(() => drawn++);
    clock.cancelFrame(handle);
    clock.step(16);
    expect(drawn).toBe(0);
  });

  it('runs each frame asked for once, in order, skipping one cancelled among them', () => {
    const clock = new SteppableClock({ real: new FakeDisplay(), paused: true });
    const order: string[] = [];
    clock.requestFrame(() => order.push('a'));
    const b = clock.requestFrame(() => order.push('b'));
    clock.requestFrame(() => order.push('c'));
    clock.cancelFrame(b);
    clock.step(16);
    clock.step(16);
    expect(order).toEqual(['a', 'c']);
  });
});
