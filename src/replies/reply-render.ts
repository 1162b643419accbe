import Handlebars from 'handlebars';
import { ReplySections, SECTION_ORDER, SectionName } from './reply-sections';

/** The only names a reply template may use. Anything else blocks sending. */
export const TEMPLATE_VARIABLES = ['nickname', 'workerName', 'regionName', 'referrals', 'signature'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type ReplyVariables = Partial<Record<TemplateVariable, string | null>>;

export interface VariableProblem {
  section: SectionName;
  /** The variable as written, or the offending expression for `syntax`. */
  name: string;
  problem: 'unknown' | 'missing' | 'syntax';
}

type Piece = { text: string } | { variable: string };

/**
 * Splits a section into plain text and `{{name}}` slots with handlebars' own parser. Only bare
 * names are allowed: no helpers, blocks, partials or paths, so a template cannot run anything.
 */
function pieces(source: string): { pieces: Piece[]; invalid: string[] } {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch {
    return { pieces: [{ text: source }], invalid: ['{{'] };
  }
  const out: Piece[] = [];
  const invalid: string[] = [];
  for (const s of program.body) {
    if (s.type === 'ContentStatement') out.push({ text: (s as hbs.AST.ContentStatement).value });
    else if (s.type === 'CommentStatement') continue;
    else if (s.type === 'MustacheStatement') {
      const m = s as hbs.AST.MustacheStatement;
      const p = m.path as hbs.AST.PathExpression;
      if (
        p.type !== 'PathExpression' ||
        m.params.length ||
        (m.hash && m.hash.pairs.length) ||
        p.parts.length !== 1 ||
        p.data
      )
        invalid.push(p.original ?? '?');
      else out.push({ variable: p.original });
    } else invalid.push(s.type);
  }
  return { pieces: out, invalid };
}

/** Every variable problem of a reply's sections; empty when it can be sent. */
export function checkVariables(sections: ReplySections, vars: ReplyVariables): VariableProblem[] {
  const problems: VariableProblem[] = [];
  for (const section of SECTION_ORDER) {
    const source = sections[section];
    if (!source) continue;
    const p = pieces(source);
    for (const name of p.invalid) problems.push({ section, name, problem: 'syntax' });
    for (const piece of p.pieces) {
      if (!('variable' in piece)) continue;
      const name = piece.variable;
      if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name))
        problems.push({ section, name, problem: 'unknown' });
      else if (!vars[name as TemplateVariable]?.trim()) problems.push({ section, name, problem: 'missing' });
    }
  }
  return problems;
}

export function usesVariable(sections: ReplySections, name: TemplateVariable): boolean {
  return SECTION_ORDER.some((s) =>
    pieces(sections[s] ?? '').pieces.some((p) => 'variable' in p && p.variable === name),
  );
}

/**
 * The reply as plain text, the same words the help-seeker reads on the case page and in the
 * mail. Plain text on purpose: every place that shows it escapes it, so nothing a template,
 * a referral or a help-seeker wrote can become markup. Call checkVariables first: a missing or
 * unknown variable here is left visible as written, never turned into an empty gap.
 */
export function renderReply(sections: ReplySections, vars: ReplyVariables): string {
  const withList = { ...sections };
  if (vars.referrals?.trim() && !usesVariable(sections, 'referrals'))
    withList.advise = `${sections.advise.trimEnd()}\n\n{{referrals}}`;
  return SECTION_ORDER.map((s) => withList[s])
    .filter((t): t is string => !!t && !!t.trim())
    .map((source) => {
      const p = pieces(source);
      if (p.invalid.length) return source.trim();
      return p.pieces
        .map((piece) => {
          if ('text' in piece) return piece.text;
          const v = (TEMPLATE_VARIABLES as readonly string[]).includes(piece.variable)
            ? vars[piece.variable as TemplateVariable]
            : null;
          return v?.trim() ? v.trim() : `{{${piece.variable}}}`;
        })
        .join('')
        .trim();
    })
    .join('\n\n');
}

export interface ReferralLine {
  name: string;
  phone?: string | null;
  url?: string | null;
  address?: string | null;
  openingHours?: string | null;
}

/** Chosen referrals as the bullet list that goes into the reply. */
export function formatReferrals(list: ReferralLine[]): string {
  return list
    .map((r) => {
      const bits = [r.name, r.phone, r.url, r.address].filter(Boolean).join(' – ');
      return `- ${bits}${r.openingHours ? ` (${r.openingHours})` : ''}`;
    })
    .join('\n');
}
