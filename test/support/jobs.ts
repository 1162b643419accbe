import type { INestApplicationContext } from '@nestjs/common';
import { CaseSlaService } from '../../src/cases/case-sla.service';
import { JobsService } from '../../src/jobs/jobs.service';
import { SLA_RECOMPUTE_QUEUE, type SlaRecomputeJob } from '../../src/sla/sla-recompute';

/**
 * Works the queued SLA recompute jobs the way the worker does (tests run with jobs off, so a
 * manager's save only queues one); returns how many jobs there were.
 */
export async function workSlaRecompute(app: INestApplicationContext): Promise<number> {
  const boss = await app.get(JobsService).start();
  const jobs = await boss.fetch<SlaRecomputeJob>(SLA_RECOMPUTE_QUEUE, { batchSize: 100 });
  if (!jobs.length) return 0;
  await app.get(CaseSlaService).workRecompute(jobs.map((j) => j.data));
  await boss.complete(
    SLA_RECOMPUTE_QUEUE,
    jobs.map((j) => j.id),
  );
  return jobs.length;
}
