import request from 'supertest';
import { Language, translate } from '../../src/common/i18n/i18n';
import { CASE_LINK_MARKER } from '../../src/mail/outbound/sealed-link';
import { OutboxService } from '../../src/mail/outbound/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { askByForm } from '../support/help-seeker';
import nl from '../../src/common/i18n/locales/nl.json';
import en from '../../src/common/i18n/locales/en.json';

/** Text as a reader sees it: tags gone, entities read, spaces folded. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/**
 * One promise about mail, said the same way everywhere a help-seeker reads it: the form, the
 * confirmation page, the link mail and the notification mail. What each place says is checked
 * against what the mails really do.
 */
describe('the link promise is the same on the form, the pages and every mail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  for (const lang of ['nl', 'en'] as Language[]) {
    it(`keeps the promise in ${lang}`, async () => {
      const say = (key: string) => translate(lang, key);
      const agent = request.agent(t.app.getHttpServer());
      const form = visible((await agent.get(`/?lang=${lang}`).expect(200)).text);
      const { token, received } = await askByForm(agent, {
        nickname: 'Belofte',
        text: 'BELOFTE-MARKER een vraag met een adres.',
        email: `belofte-${lang}@home.example`,
        emailConsent: 'on',
        language: lang,
      });
      const confirmation = visible(received.text);
      const other = request.agent(t.app.getHttpServer());
      await other.get(`/?lang=${lang}`).expect(200);
      const without = visible(
        (await askByForm(other, { nickname: 'Zonder', text: 'Een vraag zonder adres.', language: lang })).received.text,
      );
      const [c] = await t.db.ds.query(
        `SELECT c.id FROM cases c WHERE c.case_ref IS NOT NULL ORDER BY created_at DESC OFFSET 1 LIMIT 1`,
      );
      await t.db.ds.transaction((m) => t.app.get(OutboxService).enqueueReplyNotification(m, { caseId: c.id }));
      const mails: {
        kind: string;
        subject: string;
        text_body: string;
        html_body: string;
        sealed_link: Buffer | null;
      }[] = await t.db.ds.query(
        `SELECT kind, subject, text_body, html_body, sealed_link FROM outbox WHERE case_id = $1 ORDER BY created_at`,
        [c.id],
      );
      const [linkMail, notification] = mails;
      expect(mails.map((m) => m.kind)).toEqual(['acknowledgement', 'reply-notification']);

      // What the mails do: one mail with the link (sealed until sent), notifications without it,
      // none with anything the help-seeker wrote.
      expect(linkMail.text_body).toContain(CASE_LINK_MARKER);
      expect(linkMail.html_body).toContain(CASE_LINK_MARKER);
      expect(linkMail.sealed_link).not.toBeNull();
      for (const part of [notification.text_body, notification.html_body]) {
        expect(part).not.toContain(CASE_LINK_MARKER);
        expect(part).not.toContain('/c/');
      }
      for (const m of mails)
        for (const part of [m.subject, m.text_body, m.html_body]) {
          expect(part).not.toContain('BELOFTE-MARKER');
          expect(part).not.toContain(token);
        }

      // What every place says about it: the same sentences.
      const noContent = say('safety.promise.noContent');
      const oneMail = say('safety.promise.mail');
      for (const [place, text] of [
        ['form', form],
        ['confirmation without an address', without],
        ['link mail', linkMail.text_body],
        ['link mail (HTML)', visible(linkMail.html_body)],
        ['notification', notification.text_body],
        ['notification (HTML)', visible(notification.html_body)],
      ])
        expect({ place, says: text.includes(noContent) }).toEqual({ place, says: true });
      expect(form).toContain(oneMail);
      expect(without).toContain(oneMail);
      expect(form).toContain(say('safety.promise.consent'));
      expect(without).toContain(say('safety.promise.consent'));
      // The link mail and the notification say the notification has no link; the confirmation
      // of a help-seeker who gave an address says the link went there.
      expect(linkMail.text_body).toContain(say('mail.link.notifications'));
      expect(notification.text_body).toContain(say('mail.notification.privacy'));
      expect(confirmation).toContain(say('safety.mail.given'));
      expect(confirmation).toContain(say('safety.promise.link'));
    });
  }

  it('no text anywhere still makes the old, contradicting promises', () => {
    const all = JSON.stringify([nl, en]).toLowerCase();
    for (const old of [
      'niet opnieuw sturen',
      'alleen de link',
      'only the link',
      'cannot send it again',
      "can't send it again",
    ])
      expect({ old, found: all.includes(old) }).toEqual({ old, found: false });
  });
});
