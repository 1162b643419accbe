import { ReplySections } from './reply-sections';

/** What the research asks of a good reply, in the order of the reply. */
export const CHECKLIST_ITEMS = [
  'summary',
  'verification',
  'openQuestion',
  'strengths',
  'advice',
  'recap',
  'feedback',
  'referral',
  'onlineReferral',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export interface ChecklistResult {
  item: ChecklistItem;
  ok: boolean;
  /** Sending waits until this item is met (configured per service). */
  blocking: boolean;
}

export interface ChecklistInput {
  sections: ReplySections;
  referrals: { kind: string }[];
}

const VERIFY =
  /(klopt (dat|het|dit)|begrijp ik (je|dat|het) goed|heb ik (je|dat|het) goed begrepen|zie ik (dat|het) goed|is that (right|correct)|did i understand|have i understood|am i right|is this correct)[^?]*\?/i;
const QUESTION_WORD =
  /(^|[\s(“"'])(wat|hoe|waar|wanneer|wie|welke?|waarom|waardoor|waarmee|in hoeverre|what|how|where|when|who|which|why)\b/i;
const STRENGTHS =
  /\b(sterk|sterke kanten|kracht|goed in|gelukt|lukt|helpt|hielp|geholpen|al geprobeerd|steun|steunt|vriend(en|in)?|familie|netwerk|omgeving|vertrouw|strength|strong|good at|managed|helped|helps|already tried|support|supports|friends?|family|network|around you|trust)\b/i;
const ADVICE =
  /\b(je kunt|kun je|je zou|zou je|probeer|mijn advies|advies|tip|stap|you could|you can|try|i suggest|my advice|advice|step|consider)\b/i;
const RECAP =
  /\b(samengevat|samenvattend|kortom|op een rij|in het kort|to sum up|in short|to recap|summing up|in summary)\b/i;
const FEEDBACK =
  /(heeft (dit|dat|mijn antwoord|deze mail|dit antwoord) (je )?(ge)?holpen|helpt (dit|dat|mijn antwoord)|laat (het )?(me|mij) (even )?weten|wil je (me|mij) laten weten|was (dit|dat) (nuttig|zinvol)|did (this|that|my)( reply| answer)? help|has (this|my)( reply| answer)? helped|does this help|let me know|was this (useful|helpful))/i;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.?!])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The live checklist: Dutch and English heuristics over the three sections and the chosen
 * referrals. Pure, so the composer, the API and the stored result agree.
 */
export function checkReply(input: ChecklistInput, blocking: ReadonlySet<string> = new Set()): ChecklistResult[] {
  const s = input.sections;
  const summarise = s.summarise ?? '';
  const explore = s.explore ?? '';
  const advise = `${s.advise ?? ''}\n${s.closing ?? ''}`;
  const filler = (t: string) => t.replace(/[-•…\s.:]/g, '');
  const ok: Record<ChecklistItem, boolean> = {
    summary: filler(summarise.replace(VERIFY, '')).length >= 20 && !/^\s*-\s*…\s*$/m.test(summarise),
    verification: VERIFY.test(summarise),
    openQuestion: sentences(explore).some((x) => x.endsWith('?') && QUESTION_WORD.test(x)),
    strengths: STRENGTHS.test(explore),
    advice:
      filler(s.advise ?? '').length >= 30 && ADVICE.test(s.advise ?? '') && !/^\s*-\s*…\s*$/m.test(s.advise ?? ''),
    recap: RECAP.test(s.advise ?? '') && !/(samengevat|to sum up)\s*:\s*…/i.test(s.advise ?? ''),
    feedback: FEEDBACK.test(advise),
    referral: input.referrals.length > 0,
    onlineReferral: input.referrals.some((r) => r.kind === 'online'),
  };
  return CHECKLIST_ITEMS.map((item) => ({ item, ok: ok[item], blocking: blocking.has(item) }));
}

/** The items that stop a reply from being sent. */
export function blockingFailures(results: ChecklistResult[]): ChecklistItem[] {
  return results.filter((r) => r.blocking && !r.ok).map((r) => r.item);
}
