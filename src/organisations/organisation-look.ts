import type { OrganisationLook } from './organisations.service';

/** What a help-seeker page shows of the answering organisation: its name, logo and accent bar. */
export interface PageLook {
  name: string;
  /** Null: the organisation has no logo. */
  logoUrl: string | null;
  /** The accent colour as a stylesheet (the pages allow no inline style); null: the platform's. */
  cssUrl: string | null;
}

export function organisationPath(code: string): string {
  return `/organisations/${encodeURIComponent(code)}`;
}

export function pageLook(look: OrganisationLook | undefined): PageLook | undefined {
  if (!look) return undefined;
  const base = organisationPath(look.code);
  return {
    name: look.name,
    logoUrl: look.hasLogo ? `${base}/logo` : null,
    cssUrl: look.accentColour ? `${base}/look.css` : null,
  };
}

/**
 * The accent as CSS. It colours a bar and borders only, never text, so any colour keeps the page
 * readable (text stays in the platform's colours, AA everywhere); the value was checked as #rrggbb.
 */
export function accentCss(accentColour: string | null): string {
  return accentColour && /^#[0-9a-f]{6}$/.test(accentColour) ? `:root { --org-accent: ${accentColour}; }\n` : '';
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
