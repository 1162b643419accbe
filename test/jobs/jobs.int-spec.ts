import { JobsService } from '../../src/jobs/jobs.service';
import { startTestApp, TestApp } from '../support/app';

describe('background jobs (pg-boss)', () => {
  let a: TestApp;
  afterAll(() => a?.close());

  it('runs a job sent to a declared queue, on the app database', async () => {
    const seen: unknown[] = [];
    a = await startTestApp({ jobs: { enabled: true } });
    const jobs = a.app.get(JobsService);
    // Declared after bootstrap here; a module would declare in onModuleInit.
    jobs.defineQueue('test-echo');
    const boss = await jobs.start();
    await boss.createQueue('test-echo');
    await boss.work<{ n: number }>('test-echo', { pollingIntervalSeconds: 0.5 }, async (batch) => {
      for (const j of batch) seen.push(j.data.n);
    });
    await jobs.send('test-echo', { n: 42 });
    // Generous: under a loaded CI machine polling and fetching can take seconds.
    for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([42]);
    // pg-boss marks the job completed just after the handler returns: poll for that too.
    let completed = 0;
    for (let i = 0; i < 100 && completed === 0; i++) {
      [{ n: completed }] = await a.db.ds.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test-echo' AND state = 'completed'`,
      );
      if (!completed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(completed).toBe(1);
  });
});
