import { AppError, type ErrorCode } from '../../src-shared/rpc/errors';
import type { AuditEntry } from '../domain/audit/log';

/**
 * A refusal that must be on the audit log even though the call's transaction rolls back:
 * the router writes the entry in a transaction of its own after the rollback.
 */
export class AuditedRefusal extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly auditEntry: AuditEntry,
    options: { fields?: Record<string, string>; details?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'AuditedRefusal';
  }
}
