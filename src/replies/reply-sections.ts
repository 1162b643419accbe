/** The parts of a reply: the three the research asks for, framed by an opening and a closing. */
export interface ReplySections {
  opening?: string;
  summarise: string;
  explore: string;
  advise: string;
  closing?: string;
}

export const SECTION_ORDER = ['opening', 'summarise', 'explore', 'advise', 'closing'] as const;
export type SectionName = (typeof SECTION_ORDER)[number];
