import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupSessionWake } from '../../main/session-wake.ts';

class FakePower extends EventEmitter {}

describe('setupSessionWake', () => {
  let power: FakePower;
  let online: boolean;
  let checks: number;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    power = new FakePower();
    online = true;
    checks = 0;
    stop = setupSessionWake({ power, isOnline: () => online, check: async () => void checks++, pollMs: 1_000, jitterMs: 3_000, random: () => 0.5 });
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('checks the session after the machine resumes, after a random wait of at most the jitter', async () => {
    power.emit('resume');
    await vi.advanceTimersByTimeAsync(1_499);
    expect(checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(checks).toBe(1);
  });

  it('checks once for a burst of resume and unlock events', async () => {
    power.emit('resume');
    power.emit('unlock-screen');
    power.emit('resume');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(checks).toBe(1);
  });

  it('checks when the network comes back, not while it stays up or down', async () => {
    await vi.advanceTimersByTimeAsync(5_000);
    expect(checks).toBe(0);
    online = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(checks).toBe(0);
    online = true;
    await vi.advanceTimersByTimeAsync(1_000 + 1_500);
    expect(checks).toBe(1);
  });

  it('stops: no more checks, listeners removed', async () => {
    stop();
    power.emit('resume');
    online = false;
    await vi.advanceTimersByTimeAsync(2_000);
    online = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(checks).toBe(0);
    expect(power.listenerCount('resume')).toBe(0);
    expect(power.listenerCount('unlock-screen')).toBe(0);
  });

  it('a failing check is reported, never thrown', async () => {
    stop();
    const errors: unknown[] = [];
    stop = setupSessionWake({ power, isOnline: () => true, check: () => Promise.reject(new Error('offline')), onError: (error) => errors.push(error), jitterMs: 0 });
    power.emit('resume');
    await vi.advanceTimersByTimeAsync(1);
    expect(errors).toHaveLength(1);
  });
});
