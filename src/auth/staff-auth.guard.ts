/**
 * Staff authentication for any controller.
 *
 *   @UseGuards(StaffAuthGuard)                 // any logged-in staff user
 *   @RequireRole('admin')                       // only these roles (several allowed)
 *   @RequireRole(...rolesAtLeast('supervisor')) // supervisor, manager, admin
 *   someRoute(@CurrentStaff() staff: StaffIdentity) { staff.id, staff.role, staff.regionIds }
 *
 * (or read `req.staff`). The session is the `luister.sid` cookie (pages, and the API from the
 * browser) or `Authorization: Bearer <accessToken>` from POST /api/v1/auth/login. Anonymous:
 * pages (paths outside /api/) redirect to /login?next=…, the API answers 401
 * `{ statusCode, code: 'unauthorized', message }`; a wrong role is 403. A state-changing API
 * request with the cookie (not the bearer token) also needs the CSRF token in X-CSRF-Token and a
 * same-origin Origin/Sec-Fetch-Site (403 `csrf_failed` otherwise; see CsrfService). A user who must first
 * change the password or set up a required second factor only reaches routes marked
 * `@AllowPending()` (pages are sent to /account). Scope cases by `staff.regionIds` in SQL
 * yourself (admins: every region).
 */
import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { CsrfService, SESSION_COOKIE } from '../common/web/csrf.service';
import { Role, StaffIdentity } from './staff-identity';
import { StaffSessionService } from './staff-session.service';

export { SESSION_COOKIE };

const ROLES_KEY = 'luister:staff-roles';
const ALLOW_PENDING_KEY = 'luister:allow-pending';

export const RequireRole = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const AllowPending = () => SetMetadata(ALLOW_PENDING_KEY, true);

export type StaffRequest = Request & { staff?: StaffIdentity; staffToken?: string };

/** The logged-in staff user of a route behind StaffAuthGuard. */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffIdentity => {
  const staff = ctx.switchToHttp().getRequest<StaffRequest>().staff;
  if (!staff) throw new Error('CurrentStaff used on a route without StaffAuthGuard');
  return staff;
});

export function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

const isApi = (req: Request) => req.path.startsWith('/api/');

/** A redirect for people, sent by the guard; the error filter sees the answer is already out. */
class RedirectedException extends HttpException {
  constructor() {
    super({ statusCode: HttpStatus.SEE_OTHER, code: 'redirect', message: 'errors.http401' }, HttpStatus.SEE_OTHER);
  }
}

@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly sessions: StaffSessionService,
    private readonly reflector: Reflector,
    private readonly csrf: CsrfService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<StaffRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const bearer = isApi(req) ? bearerToken(req) : undefined;
    const token = bearer ?? (req.cookies?.[SESSION_COOKIE] as string | undefined);
    // The API with the browser's cookie: a cross-site form or script must not act for the user.
    // Checked before the session is looked up, so a forged request does not even keep it alive.
    if (isApi(req) && !bearer && token && !this.csrf.apiRequestAllowed(req))
      throw new ForbiddenException({ code: 'csrf_failed', message: 'errors.csrfApi' });
    const staff = token ? await this.sessions.resolve(token, bearer ? 'bearer' : 'cookie') : undefined;
    if (!staff) {
      if (isApi(req)) throw new UnauthorizedException({ code: 'unauthorized', message: 'errors.http401' });
      res.redirect(HttpStatus.SEE_OTHER, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      throw new RedirectedException();
    }
    req.staff = staff;
    req.staffToken = token;
    const handlers = [ctx.getHandler(), ctx.getClass()];
    if (staff.pending && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_KEY, handlers)) {
      const code = staff.pending === 'password-change' ? 'password_change_required' : 'totp_setup_required';
      if (isApi(req)) throw new ForbiddenException({ code, message: `auth.pending.${staff.pending}` });
      res.redirect(HttpStatus.SEE_OTHER, '/account');
      throw new RedirectedException();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, handlers);
    if (roles && !roles.includes(staff.role))
      throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
    return true;
  }
}
