// The one error the domain throws for something the person can put right or must be told: their
// words, the HTTP status a page answers with, and the form field it belongs to when there is one.
// Routes turn it into a response in one place (app/http/domain-errors.server.ts); anything else
// thrown is a fault.
export class DomainError extends Error {
  readonly status: number;
  readonly field: string | undefined;

  constructor(message: string, options: { status?: number; field?: string } = {}) {
    super(message);
    this.name = "DomainError";
    this.status = options.status ?? 409;
    this.field = options.field;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
