import { describe, expect, it } from 'vitest';
import { DEFAULT_WS_LIMITS, InboundBudget, TokenBucket } from '../../electron/hub/ws-budget';

describe('TokenBucket', () => {
  it('take() allows a burst, refuses beyond it, and refills at the rate', () => {
    const bucket = new TokenBucket(10, 20, 0);
    for (let i = 0; i < 20; i++) expect(bucket.take(1, 0)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
    expect(bucket.take(1, 100)).toBe(true); // 100 ms × 10/s = 1 token
    expect(bucket.take(1, 100)).toBe(false);
  });
});

describe('InboundBudget', () => {
  const limits = { ...DEFAULT_WS_LIMITS, messagesPerSecond: 5, bytesPerSecond: 1000, errorRepliesPerSecond: 1 };

  it('admit() names the messages budget once a flood of tiny frames exceeds it', () => {
    const budget = new InboundBudget(limits, 0);
    const verdicts = Array.from({ length: 11 }, () => budget.admit(1, 0));
    expect(verdicts.slice(0, 10).every((v) => v === null)).toBe(true);
    expect(verdicts[10]).toBe('messages');
  });

  it('admit() names the bytes budget for a few large frames', () => {
    const budget = new InboundBudget(limits, 0);
    expect(budget.admit(1500, 0)).toBeNull();
    expect(budget.admit(1500, 0)).toBe('bytes');
  });

  it('mayReplyError() allows a short burst, then one reply a second', () => {
    const budget = new InboundBudget(limits, 0);
    const first = Array.from({ length: 10 }, () => budget.mayReplyError(0)).filter(Boolean).length;
    expect(first).toBe(4);
    expect(budget.mayReplyError(500)).toBe(false);
    expect(budget.mayReplyError(1100)).toBe(true);
  });
});
