/** The corpus manifest and its mails' bytes, with the placeholders filled in. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CorpusMail } from './corpus-kit';

export const CORPUS_DIR = path.join(__dirname, '..', '..', 'fixtures', 'mail', 'corpus');

export type CorpusEntry = Omit<CorpusMail, 'raw'> & { file: string; set: 'tuned' | 'held-out' };

export function loadManifest(): CorpusEntry[] {
  return JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

export interface Fill {
  token: string;
  messageId: string;
}

export function corpusBytes(e: CorpusEntry, fill: Fill): Buffer {
  const text = fs.readFileSync(path.join(CORPUS_DIR, e.file)).toString('latin1');
  return Buffer.from(text.replace(/\{\{TOKEN\}\}/g, fill.token).replace(/\{\{MSGID\}\}/g, fill.messageId), 'latin1');
}

/** The envelope a sending server would use: the manifest's, else the From address. */
export function corpusEnvelope(e: CorpusEntry, raw: Buffer): { from: string; to: string[] } {
  const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0];
  const to = /^To:.*?([^\s<>]+@[^\s<>]+)/m.exec(head)?.[1] ?? 'hulp@luister.example';
  const from = e.mailFrom ?? /^From:.*?([^\s<>"‹›]+@[^\s<>"‹›]+)>?\s*$/m.exec(head)?.[1] ?? '';
  return { from, to: [to.replace(/[>,]+$/, '')] };
}
