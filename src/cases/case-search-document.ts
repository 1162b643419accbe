import { EntityManager } from 'typeorm';
import * as sql from '../database/sql';

/**
 * Rebuilds a case's full-text document (`cases.search_tsv`) from its messages, notes and tags,
 * in the caller's transaction, after any of them changed. The document's recipe is the database
 * function case_search_document() (migration 1733800000000), shared with the migration and the
 * bench. An erased case keeps no document.
 */
export async function refreshSearchDocument(m: EntityManager, caseId: string): Promise<void> {
  await sql.exec(m, `UPDATE cases SET search_tsv = case_search_document(id) WHERE id = $1 AND erased_at IS NULL`, [
    caseId,
  ]);
}
