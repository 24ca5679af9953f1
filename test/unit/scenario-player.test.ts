import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../electron/hub/scenario-file';
import { createScenarioSession, playAt, type PlayState } from '../../shared/scenario/index';

const T0 = 1_764_000_000_000;

const DRILL = `
name: drill
title: A drill
source: { title: A write-up, url: https://example.com/postmortem }
steps:
  - at: 0s
    id: calm
    note: All quiet.
  - at: 10s
    id: kafka-fails
    errors: { region: us-east-1, service: kafka, share: 0.5 }
  - at: 20s
    id: ask
    prompt:
      id: what-now
      text: kafka is failing. Drain us-east-1?
      timeout: 1m
      default: wait
      choices:
        - { id: drain, label: Drain now, goto: drain, feedback: Right call. }
        - { id: wait, label: Wait, goto: wait }
  - at: 5m
    note: never reached once a choice branches away
branches:
  drain:
    - at: 0s
      id: drain-starts
      evacuate: { region: us-east-1, fraction: 1, over: 30s, steps: 4 }
    - at: 40s
      end: true
  wait:
    - at: 15s
      id: spreads
      outage: { region: us-east-1, mode: errors, share: 0.6 }
    - at: 30s
      id: done-waiting
      note: The region is mostly failing.
`;

const scenario = parseScenario(DRILL, 'drill.yaml');

/** A clock the test moves: minutes of rehearsal pass in microseconds. */
function fastClock(): { now: () => number; advance: (ms: number) => void } {
  let t = T0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const kinds = (s: PlayState) => s.timeline.map((e) => `${e.atMs / 1000}s ${e.kind} ${e.stepId ?? e.promptId ?? ''}`.trim());

describe('playAt()', () => {
  it('fires steps at their offsets and shows the prompt with its deadline', () => {
    expect(playAt(scenario, [], 9_999).step?.id).toBe('calm');
    const at10 = playAt(scenario, [], 10_000);
    expect(at10.step).toEqual({ id: 'kafka-fails', track: 'main', index: 2, atMs: 10_000, note: null });
    expect(at10.world.faults).toEqual({ 'errors:us-east-1/kafka': { region: 'us-east-1', service: 'kafka', errorShare: 0.5 } });
    expect(at10.prompt).toBeNull();
    const at20 = playAt(scenario, [], 20_000);
    expect(at20.prompt).toEqual({
      id: 'what-now',
      text: 'kafka is failing. Drain us-east-1?',
      choices: [{ id: 'drain', label: 'Drain now', drains: ['us-east-1'] }, { id: 'wait', label: 'Wait', drains: [] }],
      shownAtMs: 20_000,
      deadlineMs: 80_000,
      defaultChoice: 'wait',
    });
    expect(at20.stepsFired).toBe(3);
    expect(at20.endedAtMs).toBeNull();
  });

  it('plays the drain branch from the moment of the choice: the evacuation ramps in four steps over 30 s', () => {
    const answers = [{ prompt: 'what-now', choice: 'drain', atMs: 25_000 }];
    expect(playAt(scenario, answers, 25_000).world.drains).toEqual({ 'us-east-1': 0.25 });
    expect(playAt(scenario, answers, 34_999).world.drains).toEqual({ 'us-east-1': 0.25 });
    expect(playAt(scenario, answers, 35_000).world.drains).toEqual({ 'us-east-1': 0.5 });
    expect(playAt(scenario, answers, 45_000).world.drains).toEqual({ 'us-east-1': 0.75 });
    const end = playAt(scenario, answers, 10 * 60_000);
    expect(end.world.drains).toEqual({ 'us-east-1': 1 });
    expect(end.endedAtMs).toBe(65_000);
    expect(end.track).toBe('drain');
    expect(kinds(end)).toEqual([
      '0s step calm',
      '10s step kafka-fails',
      '20s prompt what-now',
      '25s choice what-now',
      '25s step drain-starts',
      '25s evacuation',
      '35s evacuation',
      '45s evacuation',
      '55s evacuation',
      '65s end',
    ]);
    expect(end.choices).toEqual([
      { prompt: 'what-now', promptText: 'kafka is failing. Drain us-east-1?', choice: 'drain', label: 'Drain now', atMs: 25_000, timedOut: false, feedback: 'Right call.', goto: 'drain' },
    ]);
  });

  it('takes the default choice when nobody answers in time: waiting lets the errors spread', () => {
    const s = playAt(scenario, [], 20_000 + 60_000 + 15_000);
    expect(s.track).toBe('wait');
    expect(s.choices[0]).toMatchObject({ choice: 'wait', timedOut: true, atMs: 80_000 });
    expect(s.timeline.find((e) => e.kind === 'timeout')?.text).toBe('no answer in 1m: "Wait" taken by default');
    expect(s.world.faults['outage:us-east-1']).toEqual({ region: 'us-east-1', errorShare: 0.6 });
    expect(s.step?.id).toBe('spreads');
    // The main track's 5-minute step was abandoned with the branch; the wait track ends after its last step.
    const end = playAt(scenario, [], 30 * 60_000);
    expect(end.endedAtMs).toBe(110_000);
    expect(end.timeline.some((e) => e.text.startsWith('never reached'))).toBe(false);
  });

  it('ignores an answer to a prompt that is not waiting', () => {
    const s = playAt(scenario, [{ prompt: 'what-now', choice: 'drain', atMs: 5_000 }], 30_000);
    expect(s.choices).toEqual([]);
    expect(s.prompt?.id).toBe('what-now');
  });
});

describe('createScenarioSession()', () => {
  it('plays a scenario on an accelerated clock, answering the prompt as a display would', () => {
    const clock = fastClock();
    const session = createScenarioSession(scenario, clock.now);
    expect(session.choose('what-now', 'drain')).toEqual({ ok: false, reason: 'no-prompt', message: 'no prompt is waiting for an answer' });
    clock.advance(21_000);
    expect(session.state().prompt?.id).toBe('what-now');
    expect(session.choose('what-now', 'panic')).toMatchObject({ ok: false, reason: 'unknown-choice' });
    expect(session.choose('other', 'drain')).toMatchObject({ ok: false, reason: 'wrong-prompt' });
    const answered = session.choose('what-now', 'drain');
    expect(answered.ok).toBe(true);
    expect(session.state().track).toBe('drain');
    expect(session.state().world.drains).toEqual({ 'us-east-1': 0.25 });
    clock.advance(30_000);
    expect(session.state().world.drains).toEqual({ 'us-east-1': 1 });
    clock.advance(10_000);
    expect(session.state().endedAtMs).toBe(61_000);
    expect(session.choose('what-now', 'wait')).toMatchObject({ ok: false, reason: 'ended' });
  });

  it('gives the same state for the same answers whenever it is asked (nothing depends on polling)', () => {
    const clock = fastClock();
    const session = createScenarioSession(scenario, clock.now);
    clock.advance(20_000);
    session.choose('what-now', 'wait');
    clock.advance(40_000);
    const once = session.state();
    expect(playAt(scenario, [{ prompt: 'what-now', choice: 'wait', atMs: 20_000 }], 60_000)).toEqual(once);
    expect(once.world.faults['outage:us-east-1']).toBeDefined();
  });
});
