import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffIdentity } from '../auth/staff-identity';
import { sanitiseMailHtml } from '../mail/inbound/html-sanitiser';
import { assertCaseId, caseNotFound, scopeParam } from './staff-case-scope';
import * as repo from './staff-case.repository';
import type { StaffCaseMessage, StaffCaseView } from './staff-case.repository';

export type { StaffCaseMessage, StaffCaseView } from './staff-case.repository';

/**
 * A case as staff see it, always through the region scope in SQL. Opening it records who looked
 * (audit) and moves the user's read marker, in one transaction with the read.
 */
@Injectable()
export class StaffCaseService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async open(staff: StaffIdentity, id: string, via: 'page' | 'api'): Promise<StaffCaseView> {
    assertCaseId(id);
    return this.db.transaction(async (m) => {
      const c = await repo.caseView(m, id, scopeParam(staff));
      if (!c) throw caseNotFound();
      const messages = await repo.messagesOf(m, id);
      const events = await repo.eventsOf(m, id);
      const notes = await repo.notesOf(m, id);
      const tags = await repo.tagsOf(m, id);
      const lock = await repo.liveLock(m, id);
      await repo.markRead(m, staff.id, id);
      await this.audit.record(m, { actorId: staff.id, action: 'case.open', caseId: id, data: { via } });
      return {
        id: c.id,
        caseRef: c.caseRef,
        erasedBy: c.erasedBy,
        status: c.status,
        channel: c.channel,
        crisis: c.crisis,
        regionCode: c.regionCode,
        regionName: c.regionName,
        timeZone: c.timeZone,
        assignedTo: c.assignedTo,
        assignedToName: c.assignedToName,
        firstReplyDueAt: c.firstReplyDueAt,
        nextReplyDueAt: c.nextReplyDueAt,
        createdAt: c.createdAt,
        lastMessageAt: c.lastMessageAt,
        intake: {
          nickname: c.nickname,
          topic: c.topic,
          need: c.need,
          needOther: c.needOther,
          ageBand: c.ageBand,
          gender: c.gender,
          language: c.language,
          country: c.country,
          postcodeArea: c.postcodeArea,
          crisisSelfReport: c.crisisSelfReport,
        },
        messages: messages.map((r): StaffCaseMessage => ({
          id: r.id,
          direction: r.direction,
          channel: r.channel,
          text: r.text,
          fullText: r.fullText,
          createdAt: r.createdAt,
          authorName: r.authorName,
          ...(r.isMail ? { mail: { messageId: r.mailMessageId, from: r.mailFrom, subject: r.mailSubject } } : {}),
          ...(typeof r.html === 'string' && r.html ? { html: sanitiseMailHtml(r.html) } : {}),
          attachments: r.attachments,
        })),
        events,
        notes,
        tags,
        lock: lock ?? null,
      };
    });
  }

  /** An attachment's bytes, through the same scope; the download is audited as an export. */
  async attachment(
    staff: StaffIdentity,
    caseId: string,
    attachmentId: string,
  ): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
    assertCaseId(caseId);
    assertCaseId(attachmentId);
    const a = await repo.attachmentOf(this.db, attachmentId, caseId, scopeParam(staff));
    if (!a) throw caseNotFound();
    await this.audit.record(null, { actorId: staff.id, action: 'case.export', caseId, data: { attachmentId } });
    return { filename: a.filename ?? 'attachment', contentType: a.contentType, bytes: a.bytes };
  }
}
