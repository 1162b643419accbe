/**
 * Classification and new-text figures over the mail corpus, per class and per language, on the
 * tuned part and the held-out fifth, with the number of acknowledgements that would go to robots.
 *
 *   npx ts-node --transpile-only test/mail/corpus/report.ts [--baseline <git-ref>] [--failures]
 *
 * --baseline runs the same corpus through the code of an earlier commit (its src/ is unpacked
 * into .corpus-baseline/, git-ignored) and prints both side by side. --failures lists the tuned
 * part's misses (never the held-out part's: those are not for tuning).
 * The pure pipeline runs here (parse → classify → new text → acknowledgement decision without
 * the 30-day memory); test/mail/inbound-corpus.int-spec.ts runs the same mails over SMTP.
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusBytes, corpusEnvelope, CorpusEntry, loadManifest } from './corpus';

interface Outcome {
  class: string;
  kind: string;
  text: string | null;
  acknowledge: boolean;
}
type Pipeline = (raw: Buffer, envelope: { from: string; to: string[] }) => Promise<Outcome>;

const ROOT = path.join(__dirname, '..', '..', '..');
const FILL = {
  token: 'a'.repeat(43),
  messageId: '<l.00000000000000000000000000000000.AAAAAAAA.AAAAAAAAAAAAAAAA@luister.example>',
};

/* eslint-disable @typescript-eslint/no-require-imports */
/** Today's code, or an earlier commit's through the same entry points. */
function pipelineFrom(srcRoot: string): Pipeline {
  const parsed = require(path.join(srcRoot, 'mail/inbound/parsed-mail'));
  const classifier = require(path.join(srcRoot, 'mail/inbound/mail-classifier'));
  const newText = require(path.join(srcRoot, 'mail/inbound/new-text'));
  let ack: { acknowledgementDecision?: (a: unknown) => { send: boolean } } = {};
  try {
    ack = require(path.join(srcRoot, 'mail/inbound/acknowledgement-decision'));
  } catch {
    // An earlier commit without the decision acknowledged every new case.
  }
  const own = (a: string) => a.toLowerCase().endsWith('@luister.example');
  return async (raw, envelope) => {
    const m = await parsed.parseMail(raw);
    const facts = classifier.mailFacts
      ? classifier.mailFacts(m, {
          envelopeFrom: envelope.from,
          isOwnAddress: own,
          mailDomain: 'luister.example',
          seenBefore: false,
        })
      : {
          headers: m.headers,
          contentType: m.contentType,
          reportType: m.reportType,
          subject: m.subject,
          fromAddress: m.fromAddress,
          envelopeFrom: envelope.from,
          isOwnAddress: own,
          mailDomain: 'luister.example',
          seenBefore: false,
        };
    const c = classifier.classifyMail(facts);
    const kind: string = c.kind ?? c.class;
    const text = c.class === 'message' ? newText.extractNewText(m.text).text : null;
    const acknowledge =
      c.class === 'message' &&
      (ack.acknowledgementDecision
        ? ack.acknowledgementDecision({ kind, address: m.fromAddress ?? envelope.from, robotRecently: false }).send
        : true);
    return { class: c.class, kind, text, acknowledge };
  };
}

function baselineSrc(ref: string): string {
  const dir = path.join(ROOT, '.corpus-baseline', ref.replace(/[^A-Za-z0-9._-]/g, '_'));
  if (!fs.existsSync(path.join(dir, 'src'))) {
    fs.mkdirSync(dir, { recursive: true });
    execSync(`git archive ${ref} src | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT });
  }
  return path.join(dir, 'src');
}

interface Tally {
  n: number;
  classOk: number;
  kindOk: number;
  texts: number;
  textOk: number;
  robotAcks: number;
}
const zero = (): Tally => ({ n: 0, classOk: 0, kindOk: 0, texts: 0, textOk: 0, robotAcks: 0 });

function add(t: Tally, e: CorpusEntry, o: Outcome): void {
  t.n++;
  if (o.class === e.class) t.classOk++;
  if (o.kind === e.kind) t.kindOk++;
  if (e.class === 'message' && e.text !== undefined) {
    t.texts++;
    if (o.text !== null && o.text === e.text) t.textOk++;
  }
  if (e.robot && o.acknowledge) t.robotAcks++;
}

const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(0).padStart(3)}%` : '   –');

function row(label: string, t: Tally): string {
  return `${label.padEnd(16)} ${String(t.n).padStart(4)}  class ${pct(t.classOk, t.n)}  kind ${pct(t.kindOk, t.n)}  text ${pct(t.textOk, t.texts)} (${t.textOk}/${t.texts})  robot acks ${t.robotAcks}`;
}

async function measure(p: Pipeline, entries: CorpusEntry[]): Promise<Map<CorpusEntry, Outcome>> {
  const out = new Map<CorpusEntry, Outcome>();
  for (const e of entries) {
    const raw = corpusBytes(e, FILL);
    try {
      out.set(e, await p(raw, corpusEnvelope(e, raw)));
    } catch (err) {
      out.set(e, { class: 'quarantined', kind: `error: ${(err as Error).message}`, text: null, acknowledge: false });
    }
  }
  return out;
}

function report(title: string, entries: CorpusEntry[], results: Map<CorpusEntry, Outcome>): void {
  console.log(`\n## ${title}`);
  for (const set of ['tuned', 'held-out'] as const) {
    const part = entries.filter((e) => e.set === set);
    const all = zero();
    const byClass = new Map<string, Tally>();
    const byLang = new Map<string, Tally>();
    for (const e of part) {
      const o = results.get(e)!;
      add(all, e, o);
      if (!byClass.has(e.class)) byClass.set(e.class, zero());
      add(byClass.get(e.class)!, e, o);
      if (!byLang.has(e.lang)) byLang.set(e.lang, zero());
      add(byLang.get(e.lang)!, e, o);
    }
    console.log(`\n### ${set}`);
    console.log(row('all', all));
    console.log('per class:');
    for (const [k, t] of [...byClass].sort()) console.log(row(`  ${k}`, t));
    console.log('per language:');
    for (const [k, t] of [...byLang].sort()) console.log(row(`  ${k}`, t));
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const entries = loadManifest();
  const refAt = args.indexOf('--baseline');
  if (refAt !== -1) {
    const ref = args[refAt + 1];
    report(`baseline ${ref}`, entries, await measure(pipelineFrom(baselineSrc(ref)), entries));
  }
  const current = await measure(pipelineFrom(path.join(ROOT, 'src')), entries);
  report('this tree', entries, current);
  if (args.includes('--failures')) {
    console.log('\n## tuned-part misses');
    for (const e of entries.filter((x) => x.set === 'tuned')) {
      const o = current.get(e)!;
      const textBad = e.class === 'message' && e.text !== undefined && o.text !== e.text;
      if (o.class !== e.class || o.kind !== e.kind || textBad || (e.robot && o.acknowledge)) {
        console.log(
          `\n- ${e.file}: expected ${e.class}/${e.kind}, got ${o.class}/${o.kind}${e.robot && o.acknowledge ? ' ROBOT ACK' : ''}`,
        );
        if (textBad)
          console.log(`  expected text: ${JSON.stringify(e.text)}\n  got text:      ${JSON.stringify(o.text)}`);
      }
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
