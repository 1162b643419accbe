/**
 * Paces how fast SMTP accepts new mail to how fast this instance processes it, once a burst has
 * run ahead: Postfix's `in_flow_delay` model. Each accepted mail takes a token; each mail
 * processing finishes gives one back, up to `burst`. While none is left, a new mail waits for one
 * at most `maxDelayMs`, and is then accepted anyway: a stalled processor slows senders down, it
 * never stops them (nothing is refused, and the mail is stored before its 250 as always).
 *
 * Why: without it a burst is accepted many times faster than it can be processed (commit-then-250
 * is cheap, a case is not), the backlog grows for as long as the burst lasts, and every later mail
 * waits behind it; with it the backlog stays near `burst` and the time from 250 to a case stays short.
 * The waiting happens in senders' SMTP sessions, which MTAs expect and handle (they time out
 * after minutes, not a second).
 */
export class InflowPacer {
  private tokens: number;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** Mails that may be accepted ahead of processing before pacing starts. */
    private readonly burst: number,
    /** The longest a new mail waits for processing to catch up; 0: no pacing. */
    private readonly maxDelayMs: number,
  ) {
    this.tokens = burst;
  }

  get enabled(): boolean {
    return this.maxDelayMs > 0 && this.burst > 0;
  }

  /** Mails accepted that processing has not yet caught up with, as far as this pacer knows. */
  get ahead(): number {
    return this.burst - this.tokens;
  }

  /** Resolves when a new mail may be accepted: a token at once, or one processing gave back, or after maxDelayMs. */
  take(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    if (this.tokens > 0 && !this.waiting.length) {
      this.tokens--;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      // Past the delay the mail is accepted without a token; it is no longer waiting.
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(done);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve();
      }, this.maxDelayMs);
      timer.unref();
      this.waiting.push(done);
    });
  }

  /** `count` mails were processed (or otherwise finished): their tokens go to waiting mails first, in order. */
  give(count: number): void {
    if (!this.enabled) return;
    for (let i = 0; i < count; i++) {
      const next = this.waiting.shift();
      if (next) next();
      else if (this.tokens < this.burst) this.tokens++;
    }
  }

  /** Lets every waiting mail go (shutdown). */
  release(): void {
    for (const next of this.waiting.splice(0)) next();
  }
}
