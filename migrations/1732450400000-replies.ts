import { MigrationInterface, QueryRunner } from 'typeorm';
// A frozen copy of the seed data as this migration has always inserted it: a migration never
// imports application code, which may change after the migration has run somewhere.
import * as SEED from './data/1732450400000-replies.json';

const PUBLIC_REFERRALS = SEED.referrals as Array<{
  key: string;
  name: string;
  kind: string;
  country: string;
  topics: string[];
  description?: string;
  phone?: string;
  url?: string;
  openingHours?: string;
  crisis?: boolean;
}>;
const loadDefaultReplyTemplates = () => SEED.templates;

/**
 * Replies: the referral directory (seeded with public NL/BE crisis and help lines), reply
 * templates with versions (seeded from templates/replies/), which checklist items block
 * sending, and the replies themselves with their referrals and checklist result.
 */
export class Replies1732450400000 implements MigrationInterface {
  name = 'Replies1732450400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seed_key      text UNIQUE,
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind          text NOT NULL CHECK (kind IN ('social-work', 'face-to-face', 'online')),
        region_code   text CHECK (region_code ~ '^[a-z][a-z0-9-]{1,39}$'),
        country       char(2) CHECK (country IN ('NL', 'BE')),
        topics        text[] NOT NULL DEFAULT '{}',
        description   text CHECK (length(description) <= 1000),
        address       text CHECK (length(address) <= 300),
        phone         text CHECK (length(phone) <= 40),
        url           text CHECK (url ~ '^https?://' AND length(url) <= 300),
        opening_hours text CHECK (length(opening_hours) <= 200),
        crisis        boolean NOT NULL DEFAULT false,
        demo          boolean NOT NULL DEFAULT false,
        active        boolean NOT NULL DEFAULT true,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        updated_by    uuid REFERENCES staff_user(id)
      )`);
    await q.query(`CREATE INDEX referral_region ON referral (region_code) WHERE active`);
    for (const r of PUBLIC_REFERRALS) {
      await q.query(
        `INSERT INTO referral (seed_key, name, kind, country, topics, description, phone, url, opening_hours, crisis)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [r.key, r.name, r.kind, r.country, r.topics, r.description ?? null, r.phone ?? null, r.url ?? null, r.openingHours ?? null, r.crisis ?? false],
      );
    }

    await q.query(`
      CREATE TABLE reply_template (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code            text NOT NULL CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
        language        text NOT NULL CHECK (language IN ('nl', 'en')),
        topic_code      text,
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        current_version integer NOT NULL DEFAULT 1,
        active          boolean NOT NULL DEFAULT true,
        UNIQUE (code, language)
      )`);
    await q.query(`
      CREATE TABLE reply_template_version (
        template_id uuid NOT NULL REFERENCES reply_template(id) ON DELETE CASCADE,
        version     integer NOT NULL,
        sections    jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  uuid REFERENCES staff_user(id),
        PRIMARY KEY (template_id, version)
      )`);
    for (const t of loadDefaultReplyTemplates()) {
      const [row] = await q.query(`INSERT INTO reply_template (code, language, topic_code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
        t.code,
        t.language,
        t.topic,
        t.name,
      ]);
      await q.query(`INSERT INTO reply_template_version (template_id, version, sections) VALUES ($1, 1, $2)`, [row.id, JSON.stringify(t.sections)]);
    }

    await q.query(`
      CREATE TABLE reply_checklist_rule (
        item     text PRIMARY KEY,
        blocking boolean NOT NULL
      )`);
    await q.query(`INSERT INTO reply_checklist_rule (item, blocking) VALUES
      ('summary', true), ('verification', true), ('openQuestion', false), ('strengths', false), ('advice', true),
      ('recap', false), ('feedback', false), ('referral', false), ('onlineReferral', false)`);

    await q.query(`
      CREATE TABLE reply (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id          uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        author_id        uuid NOT NULL REFERENCES staff_user(id),
        template_id      uuid REFERENCES reply_template(id) ON DELETE SET NULL,
        template_version integer,
        status           text NOT NULL CHECK (status IN ('draft', 'pending-review', 'returned', 'sent')),
        sections         jsonb NOT NULL,
        body_text        text,
        checklist        jsonb NOT NULL DEFAULT '[]',
        review_comment   text CHECK (length(review_comment) <= 2000),
        reviewed_by      uuid REFERENCES staff_user(id),
        message_id       uuid REFERENCES message(id) ON DELETE SET NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        sent_at          timestamptz
      )`);
    await q.query(`CREATE INDEX reply_case ON reply (case_id, created_at)`);
    // One unsent reply per worker per case: a saved draft is picked up again, not duplicated.
    await q.query(`CREATE UNIQUE INDEX reply_one_open ON reply (case_id, author_id) WHERE status <> 'sent'`);
    await q.query(`CREATE INDEX reply_pending ON reply (status) WHERE status = 'pending-review'`);
    await q.query(`
      CREATE TABLE reply_referral (
        reply_id    uuid NOT NULL REFERENCES reply(id) ON DELETE CASCADE,
        referral_id uuid NOT NULL REFERENCES referral(id),
        position    integer NOT NULL,
        kind        text NOT NULL,
        PRIMARY KEY (reply_id, referral_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['reply_referral', 'reply', 'reply_checklist_rule', 'reply_template_version', 'reply_template', 'referral']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
