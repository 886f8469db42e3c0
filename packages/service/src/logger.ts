import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs, one line per event, tagged with the service name. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.password'],
      censor: '[redacted]',
    },
  });
}
