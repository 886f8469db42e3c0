/**
 * Every topic in the system, in one place. Events name a domain; the Kafka topic is the
 * domain's name under an optional prefix (tests use a unique prefix per file, so parallel
 * runs never share topics). Each domain topic has a dead-letter topic beside it.
 */
export const DOMAINS = ['orders', 'inventory', 'products'] as const;
export type Domain = (typeof DOMAINS)[number];

export class Topics {
  constructor(readonly prefix: string = '') {}

  of(domain: Domain): string {
    return `${this.prefix}${domain}.events`;
  }

  deadLetterOf(domain: Domain): string {
    return `${this.of(domain)}.dlq`;
  }

  /** Every topic and dead-letter topic, for creating them up front. */
  all(): string[] {
    return DOMAINS.flatMap((domain) => [this.of(domain), this.deadLetterOf(domain)]);
  }
}
