import { ServiceError } from '../../src/lib/server/errors';

/** A refusal the operator can act on: printed as is, exit status 1 (2 for wrong usage). */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Runs a command-line script's main function: a Refusal prints its message and exits with its
 * status, as does a service's refusal (in Chinese and English, status 1); a bad option prints the
 * usage and exits 2; anything else is a bug and exits 1.
 */
export function runCli(main: () => Promise<void>, usage: string): void {
  main().catch((error: unknown) => {
    if (error instanceof Refusal) {
      console.error(error.message);
      process.exit(error.exitCode);
    }
    if (error instanceof ServiceError) {
      console.error(`${error.messageIn('zh-CN')} / ${error.messageIn('en')}`);
      process.exit(1);
    }
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${error.message}\n${usage}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
}
