import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StaffNotification {
  id: string;
  caseId: string | null;
  /** sla.warning, sla.breach or sla.escalation */
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** A staff member's in-app notifications (facts and a case id, never case content). */
@Injectable()
export class StaffNotificationsService {
  constructor(private readonly db: DataSource) {}

  async unread(staffUserId: string, limit = 50): Promise<StaffNotification[]> {
    const rows: {
      id: string;
      case_id: string | null;
      kind: string;
      data: Record<string, unknown>;
      created_at: Date;
    }[] = await this.db.query(
      `SELECT id, case_id, kind, data, created_at FROM staff_notification
        WHERE staff_user_id = $1 AND read_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $2`,
      [staffUserId, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      caseId: r.case_id,
      kind: r.kind,
      data: r.data,
      createdAt: r.created_at,
    }));
  }

  async markRead(staffUserId: string, ids: string[]): Promise<void> {
    await this.db.query(
      `UPDATE staff_notification SET read_at = now() WHERE staff_user_id = $1 AND id = ANY($2::bigint[]) AND read_at IS NULL`,
      [staffUserId, ids],
    );
  }
}
