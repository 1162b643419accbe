import { performance } from 'node:perf_hooks';
import { DataSource, QueryRunner } from 'typeorm';
import { CHECKLIST_ITEMS } from '../replies/reply-checklist';

/**
 * Past activity generated inside PostgreSQL, set-based: cases with their messages, the sent
 * replies, the `case_event` facts the dashboards roll up (case.created, message.received,
 * reply.sent with checklist and referral kinds, sla.met / sla.missed with wall and business
 * seconds, evaluation.submitted) and help-seekers' evaluations. One parametrised generator serves
 * the demo history shown on first start (a few hundred closed cases) and the dashboard benchmark
 * (a million cases); nothing is computed row by row in Node.
 */
export interface HistoryOptions {
  /** Prefix of every generated case reference; also what marks the rows ('DEMO-' for the demo). */
  casePrefix: string;
  cases: number;
  /** Cases are created evenly (with jitter) between `from` and `now`; nothing happens after `now`. */
  from: Date;
  now: Date;
  regionIds: number[];
  /** One region gets this share of all cases, the others share the rest evenly. */
  busyRegionId?: number;
  busyShare?: number;
  /**
   * true: every case is closed, its history cut back to its last reply before `now` (the demo:
   * the inbox stays for the live demo questions). false: histories running past `now` stay
   * open (awaiting a reply, with due times) or waiting on the help-seeker.
   */
  closedOnly: boolean;
  /** A finished case is closed this many days after its last message (until then: waiting). */
  closeAfterDays: number;
  /** Message texts: short neutral demo sentences, or filler of a realistic length for the bench. */
  texts: 'demo' | 'bench';
  /** Share of replies the help-seeker evaluates (within a day or so). */
  evaluationShare: number;
  /**
   * Benchmark only: skip the foreign-key triggers while inserting millions of rows (a superuser's
   * session_replication_role = replica). The rows are consistent by construction; the demo
   * history keeps the checks.
   */
  skipTriggers?: boolean;
  /** Called after each generation step, for the benchmark's timings. */
  onStep?: (label: string, milliseconds: number) => void;
}

export interface HistoryResult {
  cases: number;
  messages: number;
  messagesOut: number;
  events: number;
  evaluations: number;
}

/** The business-hours target the generated SLA verdicts are measured against (14 business hours). */
export const HISTORY_TARGET_BUSINESS_SECONDS = 14 * 3600;

/**
 * Response times are log-normal: `exp(mu + sigma·z)` with z standard normal (Box–Muller), so the
 * mean is exp(mu + sigma²/2). First replies average three days wall-clock (the research's e-mail
 * baseline), follow-up replies a day and a half, the help-seeker writes back after about two days.
 */
const lognormal = (meanSeconds: number, sigma: number) =>
  `exp(${Math.log(meanSeconds) - (sigma * sigma) / 2} + ${sigma} * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))`;
const FIRST_REPLY = lognormal(3 * 86400, 0.8);
const NEXT_REPLY = lognormal(1.5 * 86400, 0.9);
const FOLLOW_UP = lognormal(2 * 86400, 1.0);

/** How often a reply meets each checklist item (verification 40 % and online referral 10 % as in the research). */
const CHECK_RATES: Record<(typeof CHECKLIST_ITEMS)[number], number> = {
  summary: 0.8,
  verification: 0.4,
  openQuestion: 0.7,
  strengths: 0.5,
  advice: 0.75,
  recap: 0.3,
  feedback: 0.35,
  referral: 0.3,
  onlineReferral: 0.1,
};

const DEMO_IN = [
  'Demobericht: ik heb een vraag over mijn situatie en weet niet goed waar ik moet beginnen.',
  'Demobericht: bedankt voor je antwoord, ik heb er nog even over nagedacht.',
  'Demobericht: ik heb je tip geprobeerd, dat ging beter dan ik dacht.',
  'Demobericht: mag ik nog één vraag stellen over wat je schreef?',
];
const DEMO_OUT = [
  'Demobericht: dank je voor je bericht. Begrijp ik goed dat je graag wilt weten wat je eerste stap kan zijn?',
  'Demobericht: fijn dat je terugschrijft. Je kunt het stap voor stap aanpakken; laat je me weten of dit helpt?',
  'Demobericht: goed dat je dit hebt geprobeerd. Samengevat: je staat er niet alleen voor.',
];

/** A 1–5 score: 5 half the time, then 4, 3, 2, 1 (mean about 4.3, PsychoseNet's range). */
const SCORE = `(CASE WHEN random() < 0.5 THEN 5 WHEN random() < 0.7 THEN 4 WHEN random() < 0.67 THEN 3 WHEN random() < 0.6 THEN 2 ELSE 1 END)`;

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const pick = (list: string[], index: string) =>
  `(ARRAY[${list.map(sqlText).join(', ')}])[1 + (${index}) % ${list.length}]`;

export async function generateCaseHistory(ds: DataSource, o: HistoryOptions): Promise<HistoryResult> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const r = await qr.query(sql, params);
    o.onStep?.(label, performance.now() - t0);
    return r;
  };
  try {
    await qr.startTransaction();
    // Sorting millions of rows in memory instead of on disk; temporary tables skip the WAL.
    await qr.query(`SET LOCAL work_mem = '256MB'`);
    await qr.query(`SET LOCAL temp_buffers = '512MB'`);
    // Each foreign-key check locks its parent row (a heap write per inserted row): at a million
    // cases that is most of the time.
    if (o.skipTriggers) await qr.query(`SET LOCAL session_replication_role = replica`);
    return await generate(qr, o, step);
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw e;
  } finally {
    if (qr.isTransactionActive) await qr.commitTransaction();
    await qr.release();
  }
}

type Step = (label: string, sql: string, params?: unknown[]) => Promise<unknown>;

async function generate(qr: QueryRunner, o: HistoryOptions, step: Step): Promise<HistoryResult> {
  const now = o.now.toISOString();
  const others = o.busyRegionId === undefined ? o.regionIds : o.regionIds.filter((r) => r !== o.busyRegionId);
  // Who writes the replies: the region's trainees, workers and supervisors; a region without
  // its own is answered by the whole pool (the national team covers it).
  await qr.query(
    `CREATE TEMP TABLE gen_author ON COMMIT DROP AS
     WITH staff AS (
       SELECT u.id, sr.region_id FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
        WHERE u.active AND u.role IN ('trainee', 'worker', 'supervisor')),
     chosen AS (
       SELECT r.id AS region_id, s.user_id FROM region r
        CROSS JOIN LATERAL (
          SELECT id AS user_id FROM staff WHERE staff.region_id = r.id
          UNION SELECT id FROM staff WHERE NOT EXISTS (SELECT 1 FROM staff x WHERE x.region_id = r.id)) s
        WHERE r.id = ANY($1::int[]))
     SELECT region_id, (row_number() OVER (PARTITION BY region_id ORDER BY user_id))::int AS n, count(*) OVER (PARTITION BY region_id) AS cnt, user_id FROM chosen`,
    [o.regionIds],
  );
  const [{ n: authors }] = await qr.query(`SELECT count(*)::int AS n FROM gen_author`);
  if (!authors) throw new Error('generateCaseHistory: no trainee, worker or supervisor to write the replies');
  const topics: string[] = (await qr.query(`SELECT code FROM topic ORDER BY sort_order, code`)).map(
    (t: { code: string }) => t.code,
  );

  await step(
    'cases: region, channel, topic, creation time, length of the conversation',
    `CREATE TEMP TABLE gen_case ON COMMIT DROP AS
     SELECT g.i, gen_random_uuid() AS id, gen_random_uuid() AS seeker_id, g.region_id, g.channel, g.topic, g.created_at, g.n_msgs, a.user_id AS author
       FROM (SELECT i,
                    CASE WHEN $1::int IS NOT NULL AND random() < $2::float8 THEN $1::int
                         ELSE ($3::int[])[1 + floor(random() * cardinality($3::int[]))::int] END AS region_id,
                    CASE WHEN random() < 0.7 THEN 'web' ELSE 'email' END AS channel,
                    CASE WHEN random() < 0.1 THEN NULL ELSE ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int] END AS topic,
                    $5::timestamptz + ((i - 1 + random()) / $7::float8) * ($6::timestamptz - $5::timestamptz) AS created_at,
                    -- 2, 4, 6 or 8 messages, five on average: question, reply, follow-up, reply …
                    2 * (1 + floor(random() * 4)::int) AS n_msgs,
                    random() AS pick
               FROM generate_series(1, $7::int) i) g
       JOIN gen_author a ON a.region_id = g.region_id AND a.n = 1 + floor(g.pick * a.cnt)::int`,
    [o.busyRegionId ?? null, o.busyShare ?? 0, others, topics, o.from.toISOString(), now, o.cases],
  );

  // Each message's time is the case's creation plus the running sum of the gaps before it;
  // whatever would happen after now has not happened yet.
  await step(
    'message timeline (log-normal response and follow-up times), cut at now',
    `CREATE TEMP TABLE gen_msg ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, c.id AS case_id, m.seq, CASE WHEN m.seq % 2 = 1 THEN 'in' ELSE 'out' END AS direction,
            c.created_at + m.offset_s * interval '1 second' AS at, m.gap_s AS wall_seconds
       FROM gen_case c
      CROSS JOIN LATERAL (
        SELECT seq, gap_s, sum(gap_s) OVER (ORDER BY seq) AS offset_s
          FROM (SELECT s AS seq,
                       CASE WHEN s = 1 THEN 0
                            ELSE greatest(60, least(60 * 86400, round(CASE WHEN s = 2 THEN ${FIRST_REPLY} WHEN s % 2 = 0 THEN ${NEXT_REPLY} ELSE ${FOLLOW_UP} END)))::int END AS gap_s
                  FROM generate_series(1, c.n_msgs) s) x) m
      WHERE c.created_at + m.offset_s * interval '1 second' <= $1::timestamptz`,
    [now],
  );
  if (o.closedOnly) {
    // Closed cases end with a reply: cut back to the last one before now, drop cases without one.
    await step(
      'closed only: histories cut back to their last reply',
      `DELETE FROM gen_msg g USING (SELECT case_id, max(seq) FILTER (WHERE direction = 'out') AS last_out FROM gen_msg GROUP BY case_id) l
        WHERE g.case_id = l.case_id AND (l.last_out IS NULL OR g.seq > l.last_out)`,
    );
    await qr.query(`DELETE FROM gen_case c WHERE NOT EXISTS (SELECT 1 FROM gen_msg m WHERE m.case_id = c.id)`);
  }
  await qr.query(`CREATE INDEX ON gen_msg (case_id, seq)`);

  // The state now: a history that ran past now is open (the help-seeker wrote last: a reply is
  // due) or waiting (we wrote last); a finished one is closed some days after its last message.
  await step(
    'case state now (status, SLA target and due time)',
    `CREATE TEMP TABLE gen_state ON COMMIT DROP AS
     SELECT c.*, s.kept, s.last_seq, s.last_at,
            CASE WHEN $2::boolean THEN 'closed'
                 WHEN s.kept = c.n_msgs AND s.last_at + $3::int * interval '1 day' <= $1::timestamptz THEN 'closed'
                 WHEN s.kept = c.n_msgs OR s.last_seq % 2 = 0 THEN 'waiting'
                 WHEN s.last_seq = 1 THEN 'new' ELSE 'open' END AS status
       FROM gen_case c JOIN (SELECT case_id, count(*) AS kept, max(seq) AS last_seq, max(at) AS last_at FROM gen_msg GROUP BY case_id) s ON s.case_id = c.id`,
    [now, o.closedOnly, o.closeAfterDays],
  );

  // Replies: one per outgoing message, with the checklist items met and the referrals made.
  await step(
    'replies: checklist items and referrals',
    `CREATE TEMP TABLE gen_reply ON COMMIT DROP AS
     SELECT r.*,
            CASE WHEN r.checks @> ARRAY['referral'] THEN greatest(r.sw, CASE WHEN r.ff = 0 THEN 1 ELSE 0 END) ELSE 0 END AS social_work,
            CASE WHEN r.checks @> ARRAY['referral'] THEN r.ff ELSE 0 END AS face_to_face,
            CASE WHEN r.checks @> ARRAY['onlineReferral'] THEN 1 + (random() < 0.2)::int ELSE 0 END AS online,
            -- business time: the office-hours share of the wall-clock time (about a quarter)
            round(r.wall_seconds * (0.2 + 0.1 * random()))::int AS business_seconds
       FROM (SELECT m.id AS message_id, gen_random_uuid() AS reply_id, m.case_id, m.seq, m.at, m.wall_seconds, c.author, c.region_id, c.channel,
                    -- (the reference to m.seq makes the subquery run per reply, not once)
                    ARRAY(SELECT item FROM unnest($1::text[], $2::float8[]) AS t (item, rate) WHERE random() < t.rate + 0 * m.seq) AS checks,
                    (random() < 0.6)::int + (random() < 0.15)::int AS sw, (random() < 0.5)::int AS ff
               FROM gen_msg m JOIN gen_case c ON c.id = m.case_id WHERE m.direction = 'out') r`,
    [Object.keys(CHECK_RATES), Object.values(CHECK_RATES)],
  );

  await step(
    'help-seekers and cases',
    `WITH hs AS (
       INSERT INTO help_seeker (id, nickname, created_at) SELECT seeker_id, $3, created_at FROM gen_state)
     INSERT INTO cases (id, case_ref, access_token_hash, help_seeker_id, region_id, status, channel, topic_code, crisis, assigned_to,
                        sla_target, sla_started_at, first_reply_due_at, next_reply_due_at, last_message_at, created_at, updated_at)
     SELECT s.id, $1 || lpad(s.i::text, greatest(4, length(s.i::text)), '0'), sha256(($1 || s.i || ':' || gen_random_uuid())::bytea), s.seeker_id, s.region_id, s.status, s.channel, s.topic, false,
            CASE WHEN s.status = 'new' THEN NULL ELSE s.author END,
            CASE WHEN s.status = 'new' THEN 'first' WHEN s.status = 'open' THEN 'next' END,
            CASE WHEN s.status IN ('new', 'open') THEN s.last_at END,
            CASE WHEN s.status = 'new' THEN s.last_at + interval '58 hours' END,
            CASE WHEN s.status = 'open' THEN s.last_at + interval '58 hours' END,
            s.last_at, s.created_at,
            CASE WHEN s.status = 'closed' THEN least(s.last_at + $2::int * interval '1 day', $4::timestamptz) ELSE s.last_at END
       FROM gen_state s ORDER BY s.created_at`,
    [o.casePrefix, o.closeAfterDays, o.texts === 'demo' ? 'Demo' : 'bench', now],
  );

  const inText =
    o.texts === 'demo'
      ? pick(DEMO_IN, `CASE WHEN m.seq = 1 THEN 0 ELSE m.seq END`)
      : `'Bericht ' || m.seq || ' in casus ' || c.i || ': ' || repeat('tekst ', 20)`;
  const outText =
    o.texts === 'demo'
      ? pick(DEMO_OUT, `m.seq / 2 - 1`)
      : `'Antwoord ' || m.seq || ' in casus ' || c.i || ': ' || repeat('antwoord ', 20)`;
  await step(
    'messages (in time order)',
    `INSERT INTO message (id, case_id, direction, channel, body_text, author_id, created_at)
     SELECT m.id, m.case_id, m.direction, c.channel, CASE WHEN m.direction = 'in' THEN ${inText} ELSE ${outText} END,
            CASE WHEN m.direction = 'out' THEN c.author END, m.at
       FROM gen_msg m JOIN gen_case c ON c.id = m.case_id ORDER BY m.at`,
  );

  // Staff search finds demo cases by their words (the bench's generated filler is left unindexed).
  if (o.texts === 'demo')
    await step(
      'search documents',
      `UPDATE cases c SET search_tsv = case_search_document(c.id) FROM gen_case g WHERE c.id = g.id`,
    );

  await step(
    'sent replies',
    `INSERT INTO reply (id, case_id, author_id, status, sections, body_text, checklist, message_id, created_at, updated_at, sent_at)
     SELECT r.reply_id, r.case_id, r.author, 'sent', jsonb_build_object('summarise', '', 'explore', '', 'advise', ''), NULL,
            (SELECT jsonb_agg(jsonb_build_object('item', i, 'ok', i = ANY(r.checks), 'blocking', false)) FROM unnest($1::text[]) i),
            r.message_id, r.at - interval '20 minutes', r.at, r.at
       FROM gen_reply r ORDER BY r.at`,
    [CHECKLIST_ITEMS],
  );

  await step(
    'evaluations',
    `INSERT INTO evaluation (case_id, reply_message_id, pleasant, helped, personal_contact, meaningful_score, helped_score, submitted_at, updated_at)
     SELECT case_id, message_id, random() < 0.85, random() < 0.7, random() < 0.1, ${SCORE}, ${SCORE}, t, t
       FROM (SELECT r.case_id, r.message_id, r.at + round(${lognormal(12 * 3600, 1.0)}) * interval '1 second' AS t
               FROM gen_reply r WHERE random() < $1::float8) r
      WHERE t <= $2::timestamptz
      ORDER BY t`,
    [o.evaluationShare, now],
  );

  // The facts, in time order as the application writes them.
  await step(
    'case events (created, received, reply sent, SLA met/missed, evaluated)',
    `INSERT INTO case_event (case_id, type, actor_id, region_id, channel, data, wall_seconds, business_seconds, occurred_at)
     SELECT case_id, type, actor_id, region_id, channel, data, wall_seconds, business_seconds, occurred_at FROM (
       SELECT c.id AS case_id, 'case.created' AS type, NULL::uuid AS actor_id, c.region_id, c.channel,
              jsonb_build_object('routedBy', 'postcode', 'topic', c.topic) AS data, NULL::int AS wall_seconds, NULL::int AS business_seconds, c.created_at AS occurred_at
         FROM gen_case c
       UNION ALL
       SELECT m.case_id, 'message.received', NULL, c.region_id, c.channel, '{}'::jsonb, NULL, NULL, m.at
         FROM gen_msg m JOIN gen_case c ON c.id = m.case_id WHERE m.direction = 'in' AND m.seq > 1
       UNION ALL
       SELECT r.case_id, 'reply.sent', r.author, r.region_id, r.channel,
              jsonb_build_object('replyId', r.reply_id, 'checks', to_jsonb(r.checks),
                                 'referrals', jsonb_build_object('social-work', r.social_work, 'face-to-face', r.face_to_face, 'online', r.online)),
              NULL, NULL, r.at
         FROM gen_reply r
       UNION ALL
       SELECT r.case_id, CASE WHEN r.business_seconds <= $1::int THEN 'sla.met' ELSE 'sla.missed' END, r.author, r.region_id, NULL,
              jsonb_build_object('target', CASE WHEN r.seq = 2 THEN 'first' ELSE 'next' END,
                                 'dueAt', NULL, 'crisis', false, 'wallClock', false),
              r.wall_seconds, r.business_seconds, r.at
         FROM gen_reply r
       UNION ALL
       SELECT v.case_id, 'evaluation.submitted', NULL, c.region_id, c.channel,
              jsonb_build_object('evaluationId', v.id, 'pleasant', v.pleasant, 'helped', v.helped, 'personalContact', v.personal_contact,
                                 'meaningfulScore', v.meaningful_score, 'helpedScore', v.helped_score, 'hasComment', false),
              NULL, NULL, v.submitted_at
         FROM evaluation v JOIN gen_case c ON c.id = v.case_id) e
     ORDER BY occurred_at`,
    [HISTORY_TARGET_BUSINESS_SECONDS],
  );

  const [r] = await qr.query(
    `SELECT (SELECT count(*) FROM gen_case)::int AS cases, (SELECT count(*) FROM gen_msg)::int AS messages,
            (SELECT count(*) FROM gen_reply)::int AS messages_out,
            (SELECT count(*) FROM case_event e JOIN gen_case c ON c.id = e.case_id)::int AS events,
            (SELECT count(*) FROM evaluation v JOIN gen_case c ON c.id = v.case_id)::int AS evaluations`,
  );
  return {
    cases: r.cases,
    messages: r.messages,
    messagesOut: r.messages_out,
    events: r.events,
    evaluations: r.evaluations,
  };
}

/** The demo's past: about twelve weeks, ~400 closed cases over the demo regions. Case references DEMO-0001 …. */
export const DEMO_HISTORY_PREFIX = 'DEMO-';

/**
 * Twelve weeks of closed demo cases for the demo regions (Amsterdam the busiest), answered by the
 * demo staff, so the manager dashboard has figures on first start. Texts are short neutral
 * sentences starting "Demobericht:", help-seekers are called "Demo", case references start DEMO-.
 */
export async function generateDemoHistory(ds: DataSource, now = new Date()): Promise<HistoryResult> {
  const regions: { id: number; code: string }[] = await ds.query(
    `SELECT id, code FROM region WHERE code = ANY($1::text[]) ORDER BY id`,
    [['amsterdam', 'rotterdam', 'utrecht', 'gent', 'landelijk']],
  );
  if (!regions.length) return { cases: 0, messages: 0, messagesOut: 0, events: 0, evaluations: 0 };
  return generateCaseHistory(ds, {
    casePrefix: DEMO_HISTORY_PREFIX,
    cases: 420,
    from: new Date(now.getTime() - 84 * 86400_000),
    now,
    regionIds: regions.map((r) => r.id),
    busyRegionId: regions.find((r) => r.code === 'amsterdam')?.id,
    busyShare: 0.35,
    closedOnly: true,
    closeAfterDays: 7,
    texts: 'demo',
    evaluationShare: 0.2,
  });
}
