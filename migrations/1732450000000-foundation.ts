import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: regions with postcode ranges, topics, help-seekers, cases, messages, case
 * events, staff accounts and the small tables the web layer needs (shared secrets, rate limits).
 */
export class Foundation1732450000000 implements MigrationInterface {
  name = 'Foundation1732450000000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint combine "same country" (=) with "ranges overlap" (&&).
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE region (
        id          serial PRIMARY KEY,
        code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        is_fallback boolean NOT NULL DEFAULT false,
        time_zone   text NOT NULL DEFAULT 'Europe/Amsterdam',
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Exactly one team catches every case that no postcode range claims.
    await q.query(`CREATE UNIQUE INDEX region_single_fallback ON region (is_fallback) WHERE is_fallback`);

    await q.query(`
      CREATE TABLE postcode_range (
        id         serial PRIMARY KEY,
        region_id  integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        country    char(2) NOT NULL CHECK (country IN ('NL', 'BE')),
        range_from integer NOT NULL CHECK (range_from BETWEEN 1000 AND 9999),
        range_to   integer NOT NULL CHECK (range_to BETWEEN 1000 AND 9999),
        CONSTRAINT postcode_range_ordered CHECK (range_from <= range_to),
        CONSTRAINT postcode_range_no_overlap EXCLUDE USING gist (
          country WITH =, int4range(range_from, range_to, '[]') WITH &&
        )
      )`);
    await q.query(`CREATE INDEX postcode_range_region ON postcode_range (region_id)`);

    await q.query(`
      CREATE TABLE topic (
        code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
        sort_order integer NOT NULL DEFAULT 0,
        active     boolean NOT NULL DEFAULT true
      )`);

    await q.query(`
      CREATE TABLE staff_user (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email         text NOT NULL,
        display_name  text NOT NULL,
        role          text NOT NULL CHECK (role IN ('trainee', 'worker', 'supervisor', 'manager', 'admin')),
        password_hash text NOT NULL,
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_user_email ON staff_user (lower(email))`);
    await q.query(`
      CREATE TABLE staff_region (
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        region_id     integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        PRIMARY KEY (staff_user_id, region_id)
      )`);
    await q.query(`CREATE INDEX staff_region_region ON staff_region (region_id)`);

    // The anonymous person behind a case. Only what they chose to tell; no postcode letters.
    await q.query(`
      CREATE TABLE help_seeker (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        nickname         text NOT NULL CHECK (length(nickname) BETWEEN 1 AND 40),
        age_band         text CHECK (age_band IN ('10-20', '21-30', '31-40', '41-50', '50+')),
        gender           text CHECK (gender IN ('man', 'woman', 'other')),
        language         text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
        email            text,
        email_consent_at timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT help_seeker_email_needs_consent CHECK (email IS NULL OR email_consent_at IS NOT NULL)
      )`);

    // "case" is an SQL keyword, hence the plural table name.
    await q.query(`
      CREATE TABLE cases (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_ref           text NOT NULL UNIQUE,
        access_token_hash  bytea NOT NULL UNIQUE CHECK (length(access_token_hash) = 32),
        help_seeker_id     uuid NOT NULL REFERENCES help_seeker(id),
        region_id          integer NOT NULL REFERENCES region(id),
        status             text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'waiting', 'closed')),
        channel            text NOT NULL CHECK (channel IN ('web', 'email')),
        topic_code         text REFERENCES topic(code),
        need               text CHECK (need IN ('reassurance', 'advice', 'listen', 'other')),
        need_other         text CHECK (length(need_other) <= 200),
        country            char(2) CHECK (country IN ('NL', 'BE')),
        postcode_area      integer CHECK (postcode_area BETWEEN 1000 AND 9999),
        crisis             boolean NOT NULL DEFAULT false,
        assigned_to        uuid REFERENCES staff_user(id),
        first_reply_due_at timestamptz,
        next_reply_due_at  timestamptz,
        last_message_at    timestamptz NOT NULL DEFAULT now(),
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_region_status_created ON cases (region_id, status, created_at)`);
    await q.query(`CREATE INDEX cases_help_seeker ON cases (help_seeker_id)`);

    await q.query(`
      CREATE TABLE message (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id     uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        direction   text NOT NULL CHECK (direction IN ('in', 'out')),
        channel     text NOT NULL CHECK (channel IN ('web', 'email')),
        body_text   text NOT NULL,
        author_id   uuid REFERENCES staff_user(id),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX message_case_created ON message (case_id, created_at)`);

    // Facts about a case's life, never its text: the source for timelines and dashboards.
    await q.query(`
      CREATE TABLE case_event (
        id               bigserial PRIMARY KEY,
        case_id          uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        type             text NOT NULL,
        actor_id         uuid REFERENCES staff_user(id),
        region_id        integer REFERENCES region(id),
        channel          text,
        data             jsonb NOT NULL DEFAULT '{}',
        wall_seconds     integer,
        business_seconds integer,
        occurred_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_event_case ON case_event (case_id, occurred_at)`);
    await q.query(`CREATE INDEX case_event_type_time ON case_event (type, occurred_at)`);

    // Secrets shared by every instance (CSRF, signed ids), generated once per database.
    await q.query(`
      CREATE TABLE app_secret (
        name       text PRIMARY KEY,
        value      text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Counters for rate-limiter-flexible, shared across instances.
    await q.query(`
      CREATE TABLE rate_limit (
        key    varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rate_limit', 'app_secret', 'case_event', 'message', 'cases', 'help_seeker', 'staff_region', 'staff_user', 'topic', 'postcode_range', 'region']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
