import type { Agent, Response } from 'supertest';
import { csrfFrom } from './app';

/**
 * Opens a case link as a browser does: GET /c/<token> starts the help-seeker session (cookie
 * kept by the agent) and redirects to /c without the token; returns the case page.
 */
export async function openCase(agent: Agent, token: string, query = ''): Promise<Response> {
  const exchanged = await agent.get(`/c/${token}${query}`).expect(303);
  if (!/^\/c(\?|$)/.test(exchanged.headers.location))
    throw new Error(`unexpected redirect ${exchanged.headers.location}`);
  return agent.get(exchanged.headers.location).expect(200);
}

/**
 * Asks a question through the page form as a browser does: GET / for the form (CSRF, key), POST
 * /vragen (303), then the confirmation page. Returns the token shown there and the page.
 */
export async function askByForm(
  agent: Agent,
  fields: Record<string, string>,
): Promise<{ token: string; received: Response; posted: Response }> {
  const form = await agent.get('/').expect(200);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)?.[1];
  const posted = await agent
    .post('/vragen')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), idempotencyKey: key, ...fields })
    .expect(303);
  if (posted.headers.location !== '/c/ontvangen') throw new Error(`unexpected redirect ${posted.headers.location}`);
  const received = await agent.get('/c/ontvangen').expect(200);
  const token = /\/c\/([A-Za-z0-9_-]{22})</.exec(received.text)?.[1];
  if (!token) throw new Error('no case link on the confirmation page');
  return { token, received, posted };
}
