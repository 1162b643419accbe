import { convert } from 'html-to-text';

/**
 * Plain text of (already sanitised) mail HTML, for display and search when a mail has no text
 * part: paragraphs and line breaks kept, quotes as "> " lines (so quoted history folds like in
 * plain mail), images and link targets left out, no upper-casing of headings.
 */
export function textFromHtml(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => ({ selector: h, options: { uppercase: false } })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  }).trim();
}
