/**
 * Staff search at scale: `npm run bench -- search`. Generates, in SQL, BENCH_SEARCH_CASES
 * (1,000,000) cases with five messages each (5,000,000) over 30 regions (Amsterdam 10 %), the
 * messages made of words with a skewed frequency: a long tail of rare words, a few hundred real
 * Dutch words in ~2 % of cases each, twenty topic words in ~25 % each, accented words. Each
 * case's search document is built in the same INSERT from the same texts (what
 * case_search_document() makes of them). Then measures p95 of every query shape through
 * SearchService.search (the statement, snippets for the page and the audit rows, as a request
 * runs them) for a worker of Amsterdam, an admin, and a baseline: a plain indexed look-up of one
 * case. Goal: p95 < 200 ms. Writes figures and plans to docs/search-plan.md.
 * DATABASE_URL: use that server (a database is created and dropped); else an embedded PostgreSQL.
 * BENCH_SEARCH_KEEP=1 keeps the generated database; BENCH_SEARCH_REUSE=<database> on DATABASE_URL's
 * server measures a kept one again (generate on a busy machine, measure on a quiet one).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { StaffIdentity } from '../src/auth/staff-identity';
import { createDataSource } from '../src/database/data-source';
import { parseSearch, SearchRequest } from '../src/search/search-query';
import { buildSearchQuery, SearchService } from '../src/search/search.service';
import { keptOrNewBenchDatabase } from './database';
import { percentile } from './load';
import { addBenchRegionsAndWorkers } from './regions';

const CASES = Number(process.env.BENCH_SEARCH_CASES || 1_000_000);
const MESSAGES_PER_CASE = 5;
const REGIONS = 30;
const RUNS = Number(process.env.BENCH_SEARCH_RUNS || 100);
const GOAL_MS = 200;
const fmt = (n: number) => n.toLocaleString('en');

/** Real words, so stemming and accents are exercised; picked uniformly (each in ~2 % of cases). */
const COMMON = (
  'schulden huur ontruiming brief deurwaarder woningcorporatie moeder vader kinderen school werk baas geld rekening ' +
  'toeslag belasting gemeente uitkering verslaving alcohol drugs gokken eenzaam vriendin vriend relatie scheiding ' +
  'ruzie geweld pesten angst paniek slapen depressie huisarts psycholoog tandarts ziekenhuis verzekering boete ' +
  'incasso betalingsregeling budgetcoach schuldhulp voedselbank energie stroom water internet telefoon abonnement ' +
  'studie stage diploma opleiding bijbaan salaris contract ontslag werkloos sollicitatie café crèche ruïne coöperatie ' +
  'financiën privé überhaupt naïef reünie zwanger abortus seksualiteit verliefd homo lesbisch transgender vluchteling ' +
  'verblijfsvergunning taal inburgering buurman buren lawaai overlast politie aangifte rechter advocaat jeugdzorg ' +
  'voogd pleeggezin oma opa broer zus tante oom neef nicht hond kat verhuizen kamer studio sociale huurwoning ' +
  'wachtlijst urgentie daklozen opvang nachtopvang maaltijd kleding fiets auto rijbewijs trein bus'
).split(/\s+/);
/** Topic words: each in roughly a quarter of all cases. */
const TOPIC = 'vraag hulp probleem zorgen thuis familie gezondheid leven tijd mensen'.split(' ');

const out: string[] = [];
const say = (line = '') => {
  console.log(line);
  out.push(line);
};

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  say(`  ${label.padEnd(60)} ${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s`);
  return result;
}

/**
 * The five messages of every case, generated once into an unlogged staging table: 6 tail words
 * (`w0`…`w59999`, each in ~0.05 % of cases), 4 common words, 1 topic word and 1 mid-frequency
 * code word (`term0`…`term1999`) per message, in a fixed order.
 */
function messageSql(): string {
  const tail = () => `'w' || floor(random() * 60000)::int`;
  const common = `($1::text[])[1 + floor(random() * cardinality($1::text[]))::int]`;
  const topic = `($2::text[])[1 + floor(random() * cardinality($2::text[]))::int]`;
  const term = `'term' || floor(random() * 2000)::int`;
  return [tail(), common, tail(), topic, tail(), common, term, tail(), common, tail(), common, tail()].join(
    ` || ' ' || `,
  );
}

async function fill(ds: DataSource): Promise<{ amsterdam: number }> {
  const { amsterdam, regionIds } = await addBenchRegionsAndWorkers(ds, REGIONS, 20);
  const [seeker] = await ds.query(`INSERT INTO help_seeker (nickname) VALUES ('bench') RETURNING id`);
  await timed(`generate ${fmt(CASES * MESSAGES_PER_CASE)} message texts (unlogged staging table)`, async () => {
    await ds.query(
      `CREATE UNLOGGED TABLE bench_text AS
       SELECT i, n, ${messageSql()} AS body FROM generate_series(1, $3::int) i, generate_series(1, ${MESSAGES_PER_CASE}) n`,
      [COMMON, TOPIC, CASES],
    );
    await ds.query(`CREATE INDEX ON bench_text (i)`);
  });
  await timed(`insert ${fmt(CASES)} cases with their search documents`, () =>
    ds.query(
      `INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, status, channel, created_at, updated_at, last_message_at, search_tsv)
       SELECT 'B' || g.i, sha256(g.i::text::bytea), $1, g.region_id,
              CASE WHEN g.h % 100 < 85 THEN 'closed' WHEN g.h % 100 < 88 THEN 'waiting' WHEN g.h % 100 < 90 THEN 'new' ELSE 'open' END,
              CASE WHEN g.h % 10 < 7 THEN 'web' ELSE 'email' END, g.at, g.at, g.at,
              setweight(to_tsvector('luister_nl', g.body) || to_tsvector('luister_en', g.body), 'B')
         FROM (SELECT t.i, abs(hashint4(t.i + 7919)) AS h,
                      CASE WHEN t.i % 10 = 0 THEN $2::int ELSE ($3::int[])[1 + (t.i / 10) % cardinality($3::int[])] END AS region_id,
                      now() - (t.i::bigint * 63072000 / $4) * interval '1 second' AS at,
                      string_agg(t.body, E'\\n' ORDER BY t.n) AS body
                 FROM bench_text t GROUP BY t.i) g
        ORDER BY g.i DESC`,
      [seeker.id, amsterdam, regionIds.filter((r) => r !== amsterdam), CASES],
    ),
  );
  await timed(`insert ${fmt(CASES * MESSAGES_PER_CASE)} messages`, () =>
    ds.query(
      `INSERT INTO message (case_id, direction, channel, body_text, created_at)
       SELECT c.id, CASE WHEN t.n % 2 = 1 THEN 'in' ELSE 'out' END, c.channel, t.body, c.created_at + t.n * interval '1 hour'
         FROM bench_text t JOIN cases c ON c.case_ref = 'B' || t.i`,
    ),
  );
  await ds.query(`DROP TABLE bench_text`);
  await timed('check: the app builds the same document (100 cases)', async () => {
    const [d] = await ds.query(
      `SELECT count(*)::int AS differ FROM (SELECT id, search_tsv FROM cases WHERE case_ref LIKE 'B%' LIMIT 100) c
        WHERE c.search_tsv IS DISTINCT FROM case_search_document(c.id)`,
    );
    if (d.differ) throw new Error(`${d.differ} generated documents differ from case_search_document()`);
  });
  await timed('REINDEX cases_search (GIN built once) and VACUUM ANALYZE', async () => {
    await ds.query(`REINDEX INDEX cases_search`);
    for (const t of ['cases', 'message', 'region', 'staff_user', 'staff_region']) await ds.query(`VACUUM ANALYZE ${t}`);
  });
  return { amsterdam };
}

async function measure(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function identity(ds: DataSource, email: string, role: StaffIdentity['role']): Promise<StaffIdentity> {
  const [u] = await ds.query(
    `SELECT u.id, u.display_name, COALESCE(array_agg(sr.region_id) FILTER (WHERE sr.region_id IS NOT NULL), '{}') AS regions
       FROM staff_user u LEFT JOIN staff_region sr ON sr.staff_user_id = u.id WHERE u.email = $1 GROUP BY u.id`,
    [email],
  );
  return { id: u.id, email, displayName: u.display_name, role, regionIds: u.regions.map(Number), via: 'bearer' };
}

async function main(): Promise<void> {
  const db = await keptOrNewBenchDatabase('BENCH_SEARCH_REUSE');
  const ds = createDataSource(db.url, { poolSize: 4 });
  let ok = true;
  try {
    await ds.initialize();
    await ds.query(`SET maintenance_work_mem = '512MB'`);
    say(`# Search benchmark: ${fmt(CASES)} cases, ${fmt(CASES * MESSAGES_PER_CASE)} messages, ${REGIONS} regions`);
    say();
    say(`Run ${new Date().toISOString()} on ${os.cpus().length} cores, ${db.label}; \`npm run bench -- search\`.`);
    say();
    say('Setup (not figures):');
    say();
    const { amsterdam } = db.reused
      ? { amsterdam: (await ds.query(`SELECT id FROM region WHERE code = 'amsterdam'`))[0].id as number }
      : await fill(ds);
    if (db.reused) say('  (data generated by an earlier run of this script, kept with BENCH_SEARCH_KEEP=1)');
    const search = new SearchService(ds, new AuditService(ds));
    const worker = await identity(ds, `w${amsterdam}-1@bench.example`, 'worker');
    const admin = await identity(ds, 'admin@luister.example', 'admin');
    const [{ n: inRegion }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE region_id = $1`, [amsterdam]);
    const [{ ref }] = await ds.query(
      `SELECT case_ref AS ref FROM cases WHERE region_id = $1 AND case_ref LIKE 'B%' LIMIT 1`,
      [amsterdam],
    );
    const count = async (q: string) =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM cases WHERE region_id = $2 AND search_tsv @@ (websearch_to_tsquery('luister_nl', $1) || websearch_to_tsquery('luister_en', $1))`,
          [q, amsterdam],
        )
      )[0].n as number;
    const shapes: { label: string; who: StaffIdentity; q: SearchRequest }[] = [
      { label: 'rare word (w4242)', who: worker, q: { q: 'w4242' } },
      { label: 'mid-frequency word (term77)', who: worker, q: { q: 'term77' } },
      { label: 'common word, stemmed (schuld → schulden)', who: worker, q: { q: 'schuld' } },
      { label: 'two common words (brief ontruiming)', who: worker, q: { q: 'brief ontruiming' } },
      { label: 'phrase of a common and a rare word ("w1234 huur")', who: worker, q: { q: 'huur w1234' } },
      { label: 'accents ignored (cafe → café)', who: worker, q: { q: 'cafe' } },
      { label: 'topic word (~25 % of cases: hulp)', who: worker, q: { q: 'hulp' } },
      { label: 'topic word, status open, one month', who: worker, q: { q: 'hulp', status: 'open', from: '', to: '' } },
      { label: 'case reference', who: worker, q: { q: ref } },
      { label: 'admin, all regions, mid-frequency word', who: admin, q: { q: 'term77' } },
      { label: 'admin, all regions, common word (schulden)', who: admin, q: { q: 'schulden' } },
    ];
    const month = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10);
    shapes[7].q = { q: 'hulp', status: 'open', from: month };
    say();
    say(
      `Load average when measuring starts: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores. Worker of Amsterdam (${fmt(inRegion)} cases); ${RUNS} runs each, limit 20. Statement: the ranked page of ids (SearchService.matches); request: the whole path (statement, snippets of the page, audit rows committed).`,
    );
    say();
    say(
      '| query shape | matches in Amsterdam | statement p50 | statement p95 | request p50 | request p95 | goal (request p95) |',
    );
    say('|---|---:|---:|---:|---:|---:|---|');
    for (const s of shapes) {
      const n = s.q.q === ref ? 1 : await count(String(s.q.q));
      const r = await measure(() => search.search(s.who, s.q));
      const parsed = parseSearch(s.q).params!;
      const st = await measure(() => search.matches(s.who, parsed));
      const met = r.p95 < GOAL_MS;
      ok &&= met;
      say(
        `| ${s.label} | ${fmt(n)} | ${st.p50.toFixed(1)} ms | ${st.p95.toFixed(1)} ms | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${met ? 'met' : 'MISSED'} |`,
      );
    }
    const pk = await measure(() => ds.query(`SELECT id, case_ref, status FROM cases WHERE case_ref = $1`, [ref]));
    say(
      `| **baseline**: plain indexed look-up of one case by reference | 1 | ${pk.p50.toFixed(1)} ms | ${pk.p95.toFixed(1)} ms | – | – | – |`,
    );
    say();
    say('## Plans (EXPLAIN ANALYZE, BUFFERS), worker of Amsterdam');
    for (const s of [shapes[2], shapes[6], shapes[10]]) {
      const p = parseSearch(s.q).params!;
      const built = buildSearchQuery(s.who.role === 'admin' ? null : s.who.regionIds, p);
      const rows: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${built.sql}`, built.params);
      say();
      say(`### ${s.label}`);
      say('```');
      say(rows.map((r) => r['QUERY PLAN']).join('\n'));
      say('```');
    }
    say();
    say(
      ok
        ? `Every query shape met the goal (p95 < ${GOAL_MS} ms).`
        : `Some shape MISSED the goal (p95 < ${GOAL_MS} ms).`,
    );
    if (CASES >= 1_000_000)
      fs.writeFileSync(path.join(__dirname, '..', 'docs', 'search-plan.md'), out.join('\n') + '\n');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    // BENCH_SEARCH_KEEP=1 keeps the generated database for looking at plans by hand.
    if (process.env.BENCH_SEARCH_KEEP === '1') console.log(`kept: ${db.url}`);
    else await db.drop();
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error('bench failed:', e);
  process.exit(1);
});
