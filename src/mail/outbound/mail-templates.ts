import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { PROJECT_ROOT } from '../../config/config';
import { Language, translate } from '../../common/i18n/i18n';

export type MailTemplate = 'acknowledgement' | 'case-link' | 'reply-notification' | 'reply' | 'staff-sla';

export interface MailContext {
  lang: Language;
  [key: string]: unknown;
}

const DIR = path.join(PROJECT_ROOT, 'templates', 'mail');

/**
 * Our outgoing mails, from `templates/mail/<name>.text.hbs` (and `.html.hbs` where there is
 * one), every word through the locale files in the help-seeker's language. Plain text is not
 * HTML-escaped; the HTML part is.
 */
export class MailTemplates {
  private readonly text = Handlebars.create();
  private readonly html = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate | null>();

  constructor() {
    for (const hbs of [this.text, this.html]) {
      hbs.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
        return translate((options.data.root as MailContext).lang, key, options.hash as Record<string, string>);
      });
    }
  }

  private compile(name: MailTemplate, part: 'text' | 'html'): Handlebars.TemplateDelegate | null {
    const file = `${name}.${part}.hbs`;
    if (!this.cache.has(file)) {
      const full = path.join(DIR, file);
      const hbs = part === 'text' ? this.text : this.html;
      this.cache.set(
        file,
        fs.existsSync(full) ? hbs.compile(fs.readFileSync(full, 'utf8'), { noEscape: part === 'text' }) : null,
      );
    }
    return this.cache.get(file)!;
  }

  render(name: MailTemplate, ctx: MailContext): { text: string; html: string | null } {
    const text =
      this.compile(name, 'text')!(ctx)
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n';
    const html = this.compile(name, 'html');
    return { text, html: html ? html(ctx) : null };
  }
}
