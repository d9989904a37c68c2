/** An error meant for the person at the terminal: printed without a stack, exit code 1. */
export class UsageError extends Error {}
