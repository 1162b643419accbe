import { InflowPacer } from '../../src/mail/inbound/inflow-pacer';

/** Whether the promise settled within `ms` (real timers: the pacer's own waits are short here). */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r, ms));
  return done;
}

describe('InflowPacer (acceptance paced to processing, issue 21 item 3)', () => {
  it('lets a burst through at once, then makes a mail wait for processing to give a place back', async () => {
    const pacer = new InflowPacer(3, 10_000);
    for (let i = 0; i < 3; i++) expect(await settledWithin(pacer.take(), 5)).toBe(true);
    expect(pacer.ahead).toBe(3);
    const fourth = pacer.take();
    expect(await settledWithin(fourth, 30)).toBe(false);
    pacer.give(1);
    expect(await settledWithin(fourth, 5)).toBe(true);
    // The place went to the waiting mail, not back to the bucket.
    expect(pacer.ahead).toBe(3);
  });

  it('serves waiting mails in order, and a late give refills the bucket only up to the burst', async () => {
    const pacer = new InflowPacer(1, 10_000);
    await pacer.take();
    const order: number[] = [];
    const a = pacer.take().then(() => order.push(1));
    const b = pacer.take().then(() => order.push(2));
    pacer.give(1);
    await a;
    pacer.give(1);
    await b;
    expect(order).toEqual([1, 2]);
    pacer.give(10);
    expect(pacer.ahead).toBe(0);
    await pacer.take();
    expect(pacer.ahead).toBe(1);
  });

  it('accepts anyway after the longest delay: a stalled processor slows senders, never stops them', async () => {
    const pacer = new InflowPacer(1, 60);
    await pacer.take();
    const started = Date.now();
    await pacer.take();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    // Timed out: no longer waiting, so a give goes to the bucket.
    pacer.give(1);
    expect(await settledWithin(pacer.take(), 5)).toBe(true);
  });

  it('does nothing when off (delay 0, or no background processing in this instance)', async () => {
    const pacer = new InflowPacer(1, 0);
    expect(pacer.enabled).toBe(false);
    for (let i = 0; i < 5; i++) expect(await settledWithin(pacer.take(), 1)).toBe(true);
  });

  it('release lets every waiting mail go (shutdown)', async () => {
    const pacer = new InflowPacer(1, 10_000);
    await pacer.take();
    const waiting = [pacer.take(), pacer.take()];
    pacer.release();
    expect(await settledWithin(Promise.all(waiting), 5)).toBe(true);
  });
});
