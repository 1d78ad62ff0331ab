export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a caller sees when a call fails. `message` never holds patient data. */
export interface RpcError {
  code: ErrorCode;
  message: string;
  /** Field path (dot-joined) → human message, for showing next to form fields. */
  fields?: Record<string, string>;
  /** Structured data (e.g. duplicate candidates): only for signed-in callers, never logged. */
  details?: unknown;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Thrown by handlers for an expected failure; the router turns it into an RpcError. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: Record<string, string>; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.details = options.details;
  }
}
