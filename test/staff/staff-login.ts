import request from 'supertest';
import type { TestApp } from '../support/app';
import { csrfFrom } from '../support/app';

export const DEMO_PASSWORD = 'luister-demo';

/** Logs in through the API; returns the bearer header for supertest. */
export async function apiLogin(
  t: TestApp,
  email: string,
  password = DEMO_PASSWORD,
  totp?: string,
): Promise<{ Authorization: string }> {
  const res = await request(t.app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ email, password, ...(totp ? { totp } : {}) });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { Authorization: `Bearer ${res.body.accessToken}` };
}

/** Logs in through the login page; the returned agent keeps the session and CSRF cookies. */
export async function pageLogin(t: TestApp, email: string, password = DEMO_PASSWORD): Promise<request.Agent> {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get('/login');
  const res = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password, next: '/account' });
  if (res.status !== 303) throw new Error(`page login of ${email} failed: ${res.status}`);
  return agent;
}

/** A CSRF token for the agent's next form post, taken from a staff page. */
export async function csrfOf(agent: request.Agent, path = '/account'): Promise<string> {
  return csrfFrom((await agent.get(path)).text);
}

/**
 * Headers for a state-changing API call made with the agent's session cookie, as the page
 * scripts make it: the page's CSRF token and a same-origin Origin. (Bearer calls need neither.)
 */
export async function cookieApiHeaders(
  agent: request.Agent,
  origin: string,
  path = '/account',
): Promise<{ 'X-CSRF-Token': string; Origin: string }> {
  return { 'X-CSRF-Token': await csrfOf(agent, path), Origin: origin };
}
