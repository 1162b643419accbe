import { Pool } from 'pg';
import { hashToken, newCaseRef, newSecretToken } from '../src/common/secrets';
import { Operation } from './load';
import { submission } from './submissions';

/**
 * The floor under the intake: the same rows written with plain `pg` the straightforward way — one
 * transaction per submission, the region look-up and one INSERT per row — and nothing else: no
 * HTTP, CSRF, rate limit, validation, ORM or templates. (The app itself writes the four rows with
 * one prepared statement; see docs/foundation.md for that comparison.)
 */
export function rawInserts(url: string, poolSize: number): { op: Operation; pool: Pool } {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'luister-bench-raw' });
  // An idle client can still get "terminating connection" from the final DROP DATABASE … FORCE;
  // unhandled, that event would crash the run before its cleanup. Query errors reject normally.
  pool.on('error', () => undefined);
  const op: Operation = async (seq) => {
    const s = submission(seq);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      let region = (
        await c.query(
          `SELECT r.id, r.code, r.name
             FROM postcode_range p JOIN region r ON r.id = p.region_id
            WHERE p.country = $1 AND $2 BETWEEN p.range_from AND p.range_to
            ORDER BY p.range_to - p.range_from
            LIMIT 1`,
          [s.parsed.country, s.parsed.area],
        )
      ).rows[0];
      const fallback = !region;
      region ??= (await c.query(`SELECT id, code, name FROM region WHERE is_fallback LIMIT 1`)).rows[0];
      const seeker = (
        await c.query(
          `INSERT INTO help_seeker (nickname, age_band, gender, language, email, email_consent_at)
           VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
          [s.nickname, null, null, 'nl', null],
        )
      ).rows[0];
      const tokenHash = hashToken(newSecretToken());
      const created = (
        await c.query(
          // The same row the app writes, due-time columns included (they feed indexed inbox and
          // SLA scans, so leaving them out would make the baseline's inserts cheaper).
          `INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, channel, topic_code, need, need_other, country, postcode_area,
                              sla_target, sla_started_at, first_reply_due_at, sla_check_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'first', now(), now() + interval '2 days', now() + interval '1 day')
           ON CONFLICT (case_ref) DO NOTHING RETURNING id`,
          [
            newCaseRef(),
            tokenHash,
            seeker.id,
            region.id,
            'web',
            s.topic,
            s.need,
            null,
            s.parsed.country,
            s.parsed.area,
          ],
        )
      ).rows[0];
      // The app retries a colliding reference; here a collision is rare enough to count as an error.
      if (!created) throw new Error('case_ref collision');
      await c.query(
        `INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'in', $2, $3) RETURNING id`,
        [created.id, 'web', s.text],
      );
      await c.query(
        `INSERT INTO case_event (case_id, type, region_id, channel, actor_id, data) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          created.id,
          'case.created',
          region.id,
          'web',
          null,
          JSON.stringify({ routedBy: fallback ? 'fallback' : 'postcode', topic: s.topic }),
        ],
      );
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };
  return { op, pool };
}
