import request from 'supertest';
import { JobsService } from '../../src/jobs/jobs.service';
import { RETENTION_QUEUE } from '../../src/privacy/retention.service';
import { startTestApp, TestApp } from '../support/app';

describe('the retention job (pg-boss)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('is scheduled daily once per database, and a job run erases what is due and writes its audit row', async () => {
    t = await startTestApp({ jobs: { enabled: true } });
    const [schedule] = await t.db.ds.query(`SELECT name, cron FROM pgboss.schedule WHERE name = $1`, [RETENTION_QUEUE]);
    expect(schedule).toEqual({ name: RETENTION_QUEUE, cron: '30 3 * * *' });
    const [queue] = await t.db.ds.query(`SELECT policy FROM pgboss.queue WHERE name = $1`, [RETENTION_QUEUE]);
    expect(queue.policy).toBe('singleton');

    const q = await request(t.app.getHttpServer())
      .post('/api/v1/questions')
      .send({ nickname: 'Oud', text: 'Een vraag van lang geleden.', postcode: '1012 AB', country: 'NL' })
      .expect(201);
    await t.db.ds.query(
      `UPDATE cases SET status = 'closed', updated_at = now() - interval '13 months' WHERE case_ref = $1`,
      [q.body.caseRef],
    );
    await t.app.get(JobsService).send(RETENTION_QUEUE, {});
    // The run's last step is its audit row; generous wait for a loaded machine.
    let audits: { data: Record<string, unknown> }[] = [];
    for (let i = 0; i < 400 && !audits.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      audits = await t.db.ds.query(`SELECT data FROM audit_log WHERE action = 'retention.run'`);
    }
    expect(audits).toEqual([{ data: expect.objectContaining({ cases: 1 }) }]);
    expect(
      (await t.db.ds.query(`SELECT erased_by FROM cases WHERE case_ref = $1`, [q.body.caseRef]))[0].erased_by,
    ).toBe('retention');
  }, 60_000);

  it('the OpenAPI document describes the erasure routes and /metrics', async () => {
    const doc = (await request(t.app.getHttpServer()).get('/api/docs-json').expect(200)).body;
    expect(doc.paths['/api/v1/case'].delete.responses['204']).toBeDefined();
    expect(doc.paths['/api/v1/admin/cases/{id}/erase'].post.requestBody).toBeDefined();
    expect(doc.paths['/metrics'].get).toBeDefined();
  });
});
