import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../config/config';
import { ReplySections } from './reply-sections';

interface TemplateFile {
  general: { name: string; sections: ReplySections };
  topics: Record<string, { name: string; explore: string; advise: string }>;
}

export interface DefaultTemplate {
  code: string;
  language: 'nl' | 'en';
  topic: string | null;
  name: string;
  sections: ReplySections;
}

/**
 * The default templates from templates/replies/<lang>.json: a general one, and per topic the
 * general text with that topic's own question and first advice added.
 */
export function loadDefaultReplyTemplates(dir = path.join(PROJECT_ROOT, 'templates', 'replies')): DefaultTemplate[] {
  const out: DefaultTemplate[] = [];
  for (const language of ['nl', 'en'] as const) {
    const file = JSON.parse(fs.readFileSync(path.join(dir, `${language}.json`), 'utf8')) as TemplateFile;
    const g = file.general.sections;
    out.push({ code: 'general', language, topic: null, name: file.general.name, sections: g });
    for (const [topic, t] of Object.entries(file.topics)) {
      out.push({
        code: topic,
        language,
        topic,
        name: t.name,
        sections: {
          ...g,
          explore: `${g.explore}\n\n${t.explore}`,
          advise: g.advise.replace(/\n- …/, `\n- ${t.advise}`),
        },
      });
    }
  }
  return out;
}
