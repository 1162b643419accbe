/** Helpers of the composer page, pure so the page, its script and the tests agree. */

/** The sentences of a help-seeker's text, for picking the ones to quote in the summary. */
export function sentencesOf(text: string, max = 40): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const s of line.split(/(?<=[.?!…])\s+/)) {
      const t = s.trim().replace(/^[-•*>]\s*/, '');
      if (t.length >= 3 && !out.includes(t)) out.push(t);
      if (out.length >= max) return out;
    }
  }
  return out;
}

/**
 * Puts quoted sentences into the summary as bullet points: in place of the template's empty
 * "- …" bullet when there is one, else after the last bullet, else at the end.
 */
export function insertBullets(summary: string, sentences: string[]): string {
  const bullets = sentences.map((s) => `- ${s.replace(/\s+/g, ' ').trim()}`).filter((b) => b.length > 2);
  if (!bullets.length) return summary;
  const block = bullets.join('\n');
  if (/^- …[ \t]*$/m.test(summary)) return summary.replace(/^- …[ \t]*$/m, block);
  const lines = summary.split('\n');
  let last = -1;
  lines.forEach((l, i) => {
    if (/^\s*[-•]\s/.test(l)) last = i;
  });
  if (last >= 0) {
    lines.splice(last + 1, 0, ...bullets);
    return lines.join('\n');
  }
  return summary.trim() ? `${summary.trimEnd()}\n${block}` : block;
}

/** A snippet at the end of a section, as its own paragraph (composer.js does the same). */
export function appendSnippet(section: string, snippet: string): string {
  const text = snippet.replace(/\r\n/g, '\n').trim();
  if (!text) return section;
  return section.trim() ? `${section.trimEnd()}\n\n${text}` : text;
}
