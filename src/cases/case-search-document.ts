/**
 * Rebuilds a case's full-text document (`cases.search_tsv`) after its messages, notes or tags
 * changed; the statement lives in cases.repository.ts, this is where its callers import it from.
 */
export { refreshSearchDocument } from './cases.repository';
