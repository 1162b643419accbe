/** The route label of a request: the matched route's pattern, never the path itself. */
export function routeLabel(req: { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string }): string {
  const pattern = req.route?.path;
  if (typeof pattern === 'string') return `${req.baseUrl ?? ''}${pattern}` || '/';
  if ((req.originalUrl ?? '').startsWith('/static/')) return '/static';
  return 'unmatched';
}
