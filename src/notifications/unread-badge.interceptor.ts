import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import type { StaffRequest } from '../auth/staff-auth.guard';
import { NotificationsService, UNREAD_CAP } from './notifications.service';

/**
 * The unread count in the staff header: for a logged-in staff page (not the API), counted once
 * before the handler and left in `res.locals.notificationsUnread`, where the staff layout reads it.
 * So no page controller and not the staff module need to know about notifications.
 */
@Injectable()
export class UnreadBadgeInterceptor implements NestInterceptor {
  constructor(private readonly notifications: NotificationsService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<StaffRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (!req.staff || req.staff.pending || req.path.startsWith('/api/')) return next.handle();
    return from(
      this.notifications
        .unreadCount(req.staff)
        .then((n) => {
          res.locals.notificationsUnread = n > UNREAD_CAP ? `${UNREAD_CAP}+` : n;
        })
        // A badge is never worth a failed page.
        .catch(() => undefined),
    ).pipe(switchMap(() => next.handle()));
  }
}
