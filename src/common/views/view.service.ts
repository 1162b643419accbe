import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { APP_CONFIG, AppConfig, PROJECT_ROOT } from '../../config/config';
import { Language, translate } from '../i18n/i18n';

const TEMPLATES = path.join(PROJECT_ROOT, 'templates');

/** Where a page says nothing about its zone (the regions of a Dutch-Flemish service mostly share it). */
const DEFAULT_ZONE = 'Europe/Amsterdam';

export interface PageContext {
  lang: Language;
  title?: string;
  [key: string]: unknown;
}

/**
 * Server-rendered pages: handlebars with one layout per audience, partials, and a `t` helper
 * reading the page's language, so every visible word comes from the translation files.
 * Templates are compiled once; handlebars escapes every `{{value}}`, which is how help-seeker
 * text stays text.
 */
@Injectable()
export class ViewService {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const hbs = this.hbs;
    hbs.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
      const lang = (options.data.root as PageContext).lang;
      return translate(lang, key, options.hash as Record<string, string>);
    });
    hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
    // Building an Intl.DateTimeFormat costs far more than using one: one per language and zone, kept.
    const dateFormats = new Map<string, Intl.DateTimeFormat>();
    const dateFormat = (lang: 'nl' | 'en', timeZone: string) => {
      let f = dateFormats.get(`${lang} ${timeZone}`);
      if (!f) {
        f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
          dateStyle: 'long',
          timeStyle: 'short',
          timeZone,
        });
        dateFormats.set(`${lang} ${timeZone}`, f);
      }
      return f;
    };
    // In the zone of what the date belongs to: `zone=` (a row's region), else the page's
    // `timeZone` (a case's region), else the staff member's region, else the service's default.
    hbs.registerHelper('formatDate', function (value: Date | string, options: Handlebars.HelperOptions) {
      const root = options.data.root as PageContext & { timeZone?: string; staff?: { timeZone?: string } };
      const zone = (options.hash.zone as string | undefined) ?? root.timeZone ?? root.staff?.timeZone ?? DEFAULT_ZONE;
      return dateFormat(root.lang === 'en' ? 'en' : 'nl', zone).format(new Date(value));
    });
    const partialsDir = path.join(TEMPLATES, 'partials');
    for (const file of fs.readdirSync(partialsDir)) {
      if (file.endsWith('.hbs'))
        hbs.registerPartial(file.slice(0, -4), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
    }
  }

  private compile(relative: string): Handlebars.TemplateDelegate {
    let tpl = this.cache.get(relative);
    if (!tpl) {
      tpl = this.hbs.compile(fs.readFileSync(path.join(TEMPLATES, relative), 'utf8'));
      this.cache.set(relative, tpl);
    }
    return tpl;
  }

  renderToString(page: string, ctx: PageContext, layout = 'help-seeker'): string {
    const body = this.compile(`pages/${page}.hbs`)(ctx);
    return this.compile(`layouts/${layout}.hbs`)({ ...ctx, quickExitUrl: this.config.quickExitUrl, body });
  }

  send(res: Response, page: string, ctx: PageContext, status = 200, layout = 'help-seeker'): void {
    // Pages can hold a conversation: never keep them in a (shared) browser or proxy cache.
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(status)
      .type('html')
      .send(this.renderToString(page, ctx, layout));
  }
}
