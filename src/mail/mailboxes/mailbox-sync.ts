import type { ImapFlow } from 'imapflow';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { rawMessageId } from '../inbound/raw-headers';
import { RawMailStore } from '../inbound/raw-mail.store';
import { fetchedEnvelope, fingerprintOf, fingerprintOfMessageId } from './fetched-mail';
import { MailboxError } from './mailbox-errors';
import { Mailbox } from './mailbox-settings';
import { FetchedMail, MailboxStore } from './mailbox.store';

export interface SyncDeps {
  db: DataSource;
  store: MailboxStore;
  rawMail: RawMailStore;
  /** Hands committed raw mail to the inbound pipeline (queue job; the sweeper covers a miss). */
  enqueue(rawMailIds: string[]): void;
  mailDomain: string;
  maxBytes: number;
  /** Mails per commit (default 250); the fault tests commit more often to cut between commits. */
  batchSize?: number;
}

export interface SyncResult {
  /** Newly stored raw mails. */
  stored: number;
  /** Mails found already stored (after a crash, a cut, a new UIDVALIDITY, another instance, a move back). */
  known: number;
  /** Mails moved or flagged on the server. */
  marked: number;
  /** Larger than the limit: left in the mailbox, unmarked. */
  tooLarge: number;
  /** Gone between SEARCH and FETCH (someone moved them away). */
  vanished: number;
}

// UIDs looked at per round (one body fetch, one move); a commit at most every BATCH mails or
// BATCH_BYTES, whichever comes first.
const CHUNK = 1000;
const BATCH = 250;
const BATCH_BYTES = 16 * 1024 * 1024;

function ranges(uids: number[]): string {
  // Compact UID sets (1:40,42) keep command lines short for thousands of UIDs.
  const out: string[] = [];
  for (let i = 0; i < uids.length; i++) {
    let j = i;
    while (j + 1 < uids.length && uids[j + 1] === uids[j] + 1) j++;
    out.push(j > i ? `${uids[i]}:${uids[j]}` : `${uids[i]}`);
    i = j;
  }
  return out.join(',');
}

/**
 * One pass over the mailbox's folder (already selected on `client`). Durable first: every mail
 * is committed to `raw_mail` (with its IMAP origin in `mailbox_message`) before it is moved or
 * flagged on the server, and the sync position (`synced_uid`) advances only after that.
 *
 * Whatever is interrupted where, nothing is lost or doubled: a mail committed but not yet moved
 * is found by its UID (or fingerprint) next time and only moved; a mail not committed is fetched
 * again. A new UIDVALIDITY starts from UID 1 with the fingerprints (Message-ID, else the bytes)
 * keeping old mail from being stored twice; a Message-ID pre-check skips fetching those bodies.
 */
export async function syncFolder(
  client: ImapFlow,
  box: Mailbox,
  processedPath: string | null,
  deps: SyncDeps,
): Promise<SyncResult> {
  const result: SyncResult = { stored: 0, known: 0, marked: 0, tooLarge: 0, vanished: 0 };
  const selected = client.mailbox;
  if (!selected) throw new MailboxError('folder-missing', box.folder);
  const uidValidity = Number(selected.uidValidity);
  const state = await deps.store.syncState(box.id);
  let synced = state.syncedUid;
  if (state.uidValidity !== uidValidity) {
    await deps.store.resetSync(box.id, uidValidity);
    synced = 0;
  }

  const query: Record<string, unknown> = { uid: `${synced + 1}:*` };
  if (box.fetchSince) query.since = new Date(`${box.fetchSince}T00:00:00Z`);
  const found = await client.search(query, { uid: true });
  // `n:*` also matches the highest UID when it is below n: keep only the new ones.
  const uids = (Array.isArray(found) ? found : []).filter((u) => u > synced).sort((a, b) => a - b);

  // After a new UIDVALIDITY (or changed settings) much of the folder may be stored already under
  // old UIDs: Message-IDs first, so those bodies are not downloaded again.
  const resync = synced === 0 && (await deps.store.hasMessages(box.id));

  for (let i = 0; i < uids.length; i += CHUNK) {
    const chunk = uids.slice(i, i + CHUNK);
    const done = new Set<number>(await deps.store.knownUids(box.id, uidValidity, chunk));
    result.known += done.size;
    let toFetch = chunk.filter((u) => !done.has(u));

    if (resync && toFetch.length) {
      const ids: { uid: number; fingerprint: Buffer }[] = [];
      for await (const msg of client.fetch(ranges(toFetch), { uid: true, headers: ['message-id'] }, { uid: true })) {
        const id = msg.headers ? rawMessageId(msg.headers) : undefined;
        if (id) ids.push({ uid: msg.uid, fingerprint: fingerprintOfMessageId(id) });
      }
      const seen = await deps.store.knownFingerprints(
        box.id,
        ids.map((x) => x.fingerprint),
      );
      for (const x of ids)
        if (seen.has(x.fingerprint.toString('hex'))) {
          done.add(x.uid);
          result.known++;
        }
      toFetch = toFetch.filter((u) => !done.has(u));
    }

    // Batches are committed one at a time while the next one arrives (the network and the
    // database work side by side); a failed commit ends the sync, its mails are fetched again.
    let batch: { uid: number; bytes: Buffer; receivedAt: Date }[] = [];
    let batchBytes = 0;
    let committing: Promise<void> = Promise.resolve();
    const commit = async (mails: { uid: number; bytes: Buffer; receivedAt: Date }[]) => {
      const rows = mails.map((b) => ({ ...b, fingerprint: fingerprintOf(b.bytes), rawMailId: randomUUID() }));
      const fresh = await deps.db.transaction(async (m) => {
        const claimed = await deps.store.claim(m, box.id, uidValidity, rows as FetchedMail[]);
        const mine = rows.filter((x) => claimed.has(x.uid));
        await deps.rawMail.insertFetched(
          m,
          mine.map((x) => ({
            id: x.rawMailId,
            envelope: fetchedEnvelope(x.bytes, { mailDomain: deps.mailDomain, regionCode: box.regionCode }),
            bytes: x.bytes,
            receivedAt: x.receivedAt,
          })),
        );
        await deps.store.countFetched(m, box.id, mine.length);
        return mine;
      });
      // Committed: from here on each of these is safe in raw_mail, whatever happens to the connection.
      deps.enqueue(fresh.map((x) => x.rawMailId));
      result.stored += fresh.length;
      result.known += rows.length - fresh.length;
      for (const x of rows) done.add(x.uid);
    };
    const flush = async () => {
      if (!batch.length) return;
      const mails = batch;
      batch = [];
      batchBytes = 0;
      await committing;
      committing = commit(mails);
      // Keep the rejection for the await below, not as an unhandled one.
      committing.catch(() => undefined);
    };

    let large = 0;
    if (toFetch.length) {
      const now = Date.now();
      // Bodies capped one byte over the limit: a larger mail is recognised without downloading all of it.
      for await (const msg of client.fetch(
        ranges(toFetch),
        { uid: true, size: true, internalDate: true, source: { maxLength: deps.maxBytes + 1 } },
        { uid: true },
      )) {
        if (!msg.source) continue;
        if ((msg.size ?? 0) > deps.maxBytes || msg.source.length > deps.maxBytes) {
          large++;
          continue;
        }
        const at = msg.internalDate instanceof Date ? msg.internalDate.getTime() : now;
        // When the mail reached the organisation's mailbox: the help-seeker has been waiting since.
        batch.push({ uid: msg.uid, bytes: msg.source, receivedAt: new Date(Math.min(at, now)) });
        batchBytes += msg.source.length;
        if (batch.length >= (deps.batchSize ?? BATCH) || batchBytes >= BATCH_BYTES) await flush();
      }
      await flush();
    }
    await committing;
    result.tooLarge += large;
    result.vanished += toFetch.filter((u) => !done.has(u)).length - large;

    // Only now, with everything committed, is the mail marked on the server.
    const mark = chunk.filter((u) => done.has(u));
    if (mark.length) {
      const ok = processedPath
        ? await client.messageMove(ranges(mark), processedPath, { uid: true })
        : await client.messageFlagsAdd(ranges(mark), ['\\Flagged'], { uid: true });
      if (!ok) {
        if (!client.usable) throw new MailboxError('connection-lost', 'connection closed while marking mail');
        throw new MailboxError('processed-folder-failed', processedPath ?? '\\Flagged');
      }
      result.marked += mark.length;
    }
    await deps.store.advance(box.id, uidValidity, chunk[chunk.length - 1]);
  }
  return result;
}
