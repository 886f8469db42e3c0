import { isService, SERVICES, type Service } from '../src/services';

/** Runs a CLI's main, printing a failure as one clear message and exiting non-zero. */
export function run(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

export function parseService(value: string | undefined): Service {
  if (value && isService(value)) return value;
  throw new Error(
    `expected a service (${SERVICES.join(', ')}), got ${JSON.stringify(value ?? '')}`,
  );
}
