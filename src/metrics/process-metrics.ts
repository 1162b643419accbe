import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's own counters, shared by every module (one registry per process; Prometheus sums
 * instances). Labels carry only route patterns, channels, outcomes and codes: never a path, token,
 * address or text of a help-seeker.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'luister_' });

export const httpRequestDuration = new Histogram({
  name: 'luister_http_request_duration_seconds',
  help: 'HTTP request duration by route pattern (never the raw path: case links are secrets)',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

export const questionsReceived = new Counter({
  name: 'luister_questions_received_total',
  help: 'New cases (questions) received, by channel',
  labelNames: ['channel'] as const,
  registers: [processRegistry],
});

export const messagesReceived = new Counter({
  name: 'luister_messages_received_total',
  help: 'Follow-up messages from help-seekers on existing cases, by channel',
  labelNames: ['channel'] as const,
  registers: [processRegistry],
});

export const erasures = new Counter({
  name: 'luister_erasures_total',
  help: 'Cases whose content was erased, by who asked: help-seeker, admin, retention',
  labelNames: ['by'] as const,
  registers: [processRegistry],
});

export type SmtpOutcome = 'accepted' | 'deferred' | 'rejected';

export const smtpAnswers = new Counter({
  name: 'luister_smtp_answers_total',
  help: 'Inbound SMTP answers: accepted (250 after commit), deferred (451, the sender retries), rejected (5xx)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

/** Counts an SMTP answer by its code: 2xx accepted, 4xx deferred, 5xx rejected. */
export function countSmtpAnswer(code: number): void {
  smtpAnswers.inc({ outcome: code < 400 ? 'accepted' : code < 500 ? 'deferred' : 'rejected' });
}

// Present from the first scrape on, even before anything happened.
for (const channel of ['web', 'email']) {
  questionsReceived.inc({ channel }, 0);
  messagesReceived.inc({ channel }, 0);
}
for (const outcome of ['accepted', 'deferred', 'rejected']) smtpAnswers.inc({ outcome }, 0);
for (const by of ['help-seeker', 'admin', 'retention']) erasures.inc({ by }, 0);
