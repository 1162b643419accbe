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
}

/**
 * A table drained in batches by every instance side by side: woken by a LISTEN of its own, by
 * the instance itself after a commit, and by a sweep. One run at a time per process; a wake
 * during a run makes it go round again. The inbound mail queue and the outbox sender share it.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private running?: Promise<void>;
  private again = false;
  private isStopped = false;

  constructor(private readonly o: DrainLoopOptions) {}

  get stopped(): boolean {
    return this.isStopped;
  }

  /** Listens, starts the sweep and runs once. */
  async start(): Promise<void> {
    await this.listen().catch(() => undefined);
    if (this.o.sweepSeconds > 0) this.timer = setInterval(() => this.wake(), this.o.sweepSeconds * 1000).unref();
    this.wake();
  }

  /** Stops waking, closes the listener and waits for the current run (which stops between items). */
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

  /** Works batches until one takes nothing. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.isStopped && (await this.o.batch()) > 0);
        } while (this.again && !this.isStopped);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
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
