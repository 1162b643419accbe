import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface DrainLoopOptions {
  /** Shown in logs and as the listener's application_name (`luister-<name>`). */
  name: string;
  databaseUrl?: string;
  /** NOTIFY channel whose notifications wake the loop (delivered only when the writer commits). */
  channel: string;
  /** A sweep every this many seconds catches what a lost listener missed and retries that came due; 0: none. */
  sweepSeconds: number;
  /** Works one batch; returns how many items it took (0: nothing left for now). */
  batch: () => Promise<number>;
  logger: Logger;
  /** Logged (as a warning) when a run fails; the next wake or sweep tries again. */
  failMessage: string;
  /**
   * Runs side by side in this process (default 1). Each calls `batch` on its own, so `batch` must
   * claim items nobody else holds (FOR UPDATE SKIP LOCKED with a lease); then while one run waits
   * on its commit another works, and one run's slow item does not hold up the rest.
   */
  workers?: number;
}

/**
 * A table drained in batches by every instance side by side: woken by a LISTEN of its own, by
 * the instance itself after a commit, and by a sweep. Up to `workers` runs at a time per process,
 * each taking batches until one takes nothing; a wake during a run makes every run go round again
 * (the wake may be for rows committed after its last, empty claim), and starts the runs that had
 * already ended. The inbound mail queue and the outbox sender share it.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  /** Settles when the last active run ends; rejects with the first run's failure. */
  private running?: Promise<void>;
  private settle?: () => void;
  private failure?: Error;
  private active = 0;
  /** Counts wakes, so a run can tell that one came while it worked. */
  private wakes = 0;
  private isStopped = false;

  constructor(private readonly o: DrainLoopOptions) {}

  get stopped(): boolean {
    return this.isStopped;
  }

  private get workers(): number {
    return Math.max(1, Math.floor(this.o.workers ?? 1));
  }

  /** Listens, starts the sweep and runs once. */
  async start(): Promise<void> {
    await this.listen().catch(() => undefined);
    if (this.o.sweepSeconds > 0) this.timer = setInterval(() => this.wake(), this.o.sweepSeconds * 1000).unref();
    this.wake();
  }

  /** Stops waking, closes the listener and waits for the current runs (which stop between items). */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearInterval(this.timer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  /** Runs (or re-runs after the current run) a drain in the background. */
  wake(): void {
    if (this.isStopped) return;
    if (!this.listener) void this.listen().catch(() => undefined);
    void this.drain().catch((e: Error) => this.o.logger.warn({ err: { type: e.name } }, this.o.failMessage));
  }

  /** Works batches until none takes anything; settles when every run has ended. */
  drain(): Promise<void> {
    this.wakes++;
    if (this.isStopped) return this.running ?? Promise.resolve();
    if (!this.running) {
      this.failure = undefined;
      this.running = new Promise<void>((resolve, reject) => {
        this.settle = () => {
          this.running = undefined;
          if (this.failure) reject(this.failure);
          else resolve();
        };
      });
    }
    const running = this.running;
    while (this.active < this.workers) {
      this.active++;
      void this.work().finally(() => {
        if (--this.active === 0) this.settle?.();
      });
    }
    return running;
  }

  /** One run: batches until one takes nothing and no wake came meanwhile. */
  private async work(): Promise<void> {
    try {
      for (;;) {
        const seen = this.wakes;
        while (!this.isStopped && (await this.o.batch()) > 0);
        if (this.isStopped || this.wakes === seen) return;
      }
    } catch (e) {
      this.failure ??= e as Error;
    }
  }

  /** LISTEN on a connection of its own; on loss the sweep keeps things moving and reconnects. */
  private async listen(): Promise<void> {
    if (this.listener || this.isStopped) return;
    const client = new Client({ connectionString: this.o.databaseUrl, application_name: `luister-${this.o.name}` });
    this.listener = client;
    client.on('notification', () => this.wake());
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.o.channel}`);
    } catch (e) {
      if (this.listener === client) this.listener = undefined;
      await client.end().catch(() => undefined);
      throw e;
    }
    // Stopped while connecting: don't leave the connection open.
    if (this.isStopped) await client.end().catch(() => undefined);
  }
}
