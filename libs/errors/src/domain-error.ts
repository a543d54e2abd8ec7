/** One offending field of a refused request, in the same shape the API answers with. */
export interface DomainErrorDetail {
  code: string;
  message: string;
  /** Dotted path of the offending field ("onBehalfOf.applicantAccountId"); "" for the whole input. */
  path: string;
}

/**
 * A rule of the domain refused something. Libraries throw subclasses with a code of their feature's enum;
 * only the HTTP edge (the exception filter) decides which status and API code each one becomes, so the
 * same rule can be used outside a request (the CLI, a worker).
 */
export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly path = '',
    readonly details: DomainErrorDetail[] = [],
    /** For a refusal that ends by itself (throttling, a dependency away): how many seconds to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
