import * as sql from '../database/sql';
import { memoised, type TransactionMemo } from '../database/transaction-memo';
import type { Postcode } from '../routing/postcode';
import { routeParams } from '../routing/region-routing.service';
import { routeSql, type RoutedRegion } from '../routing/routing.repository';
import { regionSql, type RegionSlaRow } from '../sla/sla.repository';

/**
 * The two statements every new case runs: the look-up (its region, the region's SLA settings,
 * whether the topic is active) and the insert (help-seeker, case, first message and creation
 * event), one case at a time or many in one round trip (a group of inbound mails).
 */

/**
 * The SQL of the look-up, built once per variant: it runs as a prepared statement (sql's
 * `prepared` option), and a fixed text per variant is what makes that work.
 */
const lookUpSqls = new Map<string, string>();
function lookUpSql(byRegion: boolean, withTopic: boolean): string {
  const key = `${byRegion} ${withTopic}`;
  let text = lookUpSqls.get(key);
  if (!text) {
    const regionQuery = byRegion
      ? `SELECT $1::int AS id, ''::text AS code, ''::text AS name, false AS fallback`
      : routeSql('$1', '$2');
    const topicParam = byRegion ? '$2' : '$3';
    text = `WITH routed AS (${regionQuery})
       SELECT routed.id, routed.code, routed.name, routed.fallback, s.*,
              ${withTopic ? `EXISTS (SELECT 1 FROM topic WHERE code = ${topicParam} AND active)` : 'true'} AS topic_active
         FROM routed LEFT JOIN LATERAL (${regionSql('routed.id')}) s ON true`;
    lookUpSqls.set(key, text);
  }
  return text;
}

/** The routed (or given) region with its SLA settings, and whether the topic is active (true without one). */
export type NewCaseLookUp = RoutedRegion & RegionSlaRow & { topic_active: boolean };

/**
 * What a new case needs to know, in one round trip: the given region, else the one its postcode
 * routes to (the fallback region without one); undefined only when there is no such region. The
 * answer is shared through `memo` by the cases of one group.
 */
export async function lookUpNewCase(
  m: sql.Db,
  c: { region?: { id: number }; postcode?: Postcode; topic?: string | null },
  memo?: TransactionMemo,
): Promise<NewCaseLookUp | undefined> {
  const params: unknown[] = c.region ? [c.region.id] : routeParams(c.postcode);
  if (c.topic) params.push(c.topic);
  const text = lookUpSql(!!c.region, !!c.topic);
  const rows = await memoised(memo, `case-look-up ${text} ${JSON.stringify(params)}`, () =>
    sql.rows<NewCaseLookUp>(m, text, params, { prepared: true }),
  );
  return rows[0];
}

/** A new case's row values, as CasesService worked them out. */
export interface NewCaseRow {
  /** nickname, age band, gender, language, e-mail */
  helpSeeker: [string, string | null, string | null, string, string | null];
  caseRef: string;
  tokenHash: Buffer;
  regionId: number;
  channel: string;
  topic: string | null;
  need: string | null;
  needOther: string | null;
  country: string | null;
  postcodeArea: number | null;
  crisis: boolean;
  now: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  text: string;
  createdEvent: Record<string, string | null>;
  crisisSelfReport: string | null;
}

/**
 * The search document of a new case: its one message, exactly what case_search_document() (migration
 * 1733800000000) makes of a case with one message and no tags or notes, so the row is written once.
 */
const firstMessageDocument = (text: string) =>
  `setweight(to_tsvector('luister_nl', left(${text}, 20000)) || to_tsvector('luister_en', left(${text}, 20000)), 'B')`;

/** $1-$16 the case, message and event; $17 the existing help-seeker's id, or $17-$21 a new one. */
function insertCaseSql(helpSeeker: string): string {
  return `WITH s AS (${helpSeeker}),
         c AS (
           INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, channel, topic_code, need, need_other, country, postcode_area,
                              crisis, sla_target, sla_started_at, first_reply_due_at, sla_check_at, crisis_self_report, search_tsv)
           SELECT $1, $2, s.id, $3, $4, $5, $6, $7, $8, $9, $10, 'first', $11, $12, $13, $16, ${firstMessageDocument('$14::text')} FROM s
           ON CONFLICT (case_ref) DO NOTHING RETURNING id),
         msg AS (
           INSERT INTO message (case_id, direction, channel, body_text) SELECT id, 'in', $4, $14 FROM c RETURNING id),
         ev AS (
           INSERT INTO case_event (case_id, type, region_id, channel, data) SELECT id, 'case.created', $3, $4, $15 FROM c)
         SELECT s.id AS help_seeker_id, c.id, msg.id AS message_id FROM s LEFT JOIN (c CROSS JOIN msg) ON true`;
}

const INSERT_CASE_SQL = {
  newHelpSeeker: insertCaseSql(
    `INSERT INTO help_seeker (nickname, age_band, gender, language, email, email_consent_at)
     VALUES ($17, $18, $19, $20, $21, CASE WHEN $21::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
  ),
  existingHelpSeeker: insertCaseSql(`SELECT $17::uuid AS id`),
};

function caseParams(c: NewCaseRow): unknown[] {
  return [
    c.caseRef,
    c.tokenHash,
    c.regionId,
    c.channel,
    c.topic,
    c.need,
    c.needOther,
    c.country,
    c.postcodeArea,
    c.crisis,
    c.now,
    c.dueAt,
    c.warnAt,
    c.text,
    JSON.stringify(c.createdEvent),
    c.crisisSelfReport,
  ];
}

/**
 * One case; `helpSeekerId` when an earlier attempt (a case reference taken) wrote the help-seeker.
 * `id` and `message_id` are null when the case reference was taken: nothing but the help-seeker
 * was written, and the caller tries again with another reference.
 */
export async function insertCase(
  m: sql.Db,
  c: NewCaseRow,
  helpSeekerId?: string,
): Promise<{ help_seeker_id: string; id: string | null; message_id: string | null }> {
  const rows = await sql.rows<{ help_seeker_id: string; id: string | null; message_id: string | null }>(
    m,
    helpSeekerId ? INSERT_CASE_SQL.existingHelpSeeker : INSERT_CASE_SQL.newHelpSeeker,
    [...caseParams(c), ...(helpSeekerId ? [helpSeekerId] : c.helpSeeker)],
    { prepared: true },
  );
  return rows[0];
}

/** A case of a batch, with the ids chosen in advance (so the rows that refer to it can be built before it is written). */
export interface BatchedCaseRow extends NewCaseRow {
  helpSeekerId: string;
  id: string;
  messageId: string;
}

/**
 * The same rows as `insertCase`, for many cases in one statement. The ids are the caller's; a
 * help-seeker already written (an earlier attempt of the same batch) is left as it is. Returns the
 * ids of the cases written: one whose reference was taken is not, and nor are its message and event.
 */
export async function insertCases(m: sql.Db, cases: BatchedCaseRow[]): Promise<Set<string>> {
  const col = <T>(f: (c: BatchedCaseRow) => T) => cases.map(f);
  const rows = await sql.rows<{ id: string }>(
    m,
    `WITH u AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::bytea[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[],
                            $16::text[], $17::int[], $18::bool[], $19::timestamptz[], $20::timestamptz[], $21::timestamptz[],
                            $22::text[], $23::jsonb[], $24::text[])
         AS u(help_seeker_id, id, message_id, nickname, age_band, gender, language, email,
              case_ref, token_hash, region_id, channel, topic, need, need_other,
              country, postcode_area, crisis, now, due_at, warn_at, body, created_event, crisis_self_report)),
     s AS (
       INSERT INTO help_seeker (id, nickname, age_band, gender, language, email, email_consent_at)
       SELECT help_seeker_id, nickname, age_band, gender, language, email, CASE WHEN email IS NULL THEN NULL ELSE now() END FROM u
       ON CONFLICT (id) DO NOTHING),
     c AS (
       INSERT INTO cases (id, case_ref, access_token_hash, help_seeker_id, region_id, channel, topic_code, need, need_other, country, postcode_area,
                          crisis, sla_target, sla_started_at, first_reply_due_at, sla_check_at, crisis_self_report, search_tsv)
       SELECT id, case_ref, token_hash, help_seeker_id, region_id, channel, topic, need, need_other, country, postcode_area,
              crisis, 'first', now, due_at, warn_at, crisis_self_report, ${firstMessageDocument('body')} FROM u
       ON CONFLICT (case_ref) DO NOTHING RETURNING id),
     msg AS (
       INSERT INTO message (id, case_id, direction, channel, body_text) SELECT u.message_id, u.id, 'in', u.channel, u.body FROM u JOIN c USING (id)),
     ev AS (
       INSERT INTO case_event (case_id, type, region_id, channel, data) SELECT u.id, 'case.created', u.region_id, u.channel, u.created_event FROM u JOIN c USING (id))
     SELECT id FROM c`,
    [
      col((c) => c.helpSeekerId),
      col((c) => c.id),
      col((c) => c.messageId),
      col((c) => c.helpSeeker[0]),
      col((c) => c.helpSeeker[1]),
      col((c) => c.helpSeeker[2]),
      col((c) => c.helpSeeker[3]),
      col((c) => c.helpSeeker[4]),
      col((c) => c.caseRef),
      col((c) => c.tokenHash),
      col((c) => c.regionId),
      col((c) => c.channel),
      col((c) => c.topic),
      col((c) => c.need),
      col((c) => c.needOther),
      col((c) => c.country),
      col((c) => c.postcodeArea),
      col((c) => c.crisis),
      col((c) => c.now),
      col((c) => c.dueAt),
      col((c) => c.warnAt),
      col((c) => c.text),
      col((c) => JSON.stringify(c.createdEvent)),
      col((c) => c.crisisSelfReport),
    ],
    { prepared: true },
  );
  return new Set(rows.map((r) => r.id));
}
