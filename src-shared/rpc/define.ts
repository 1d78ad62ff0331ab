import type { z } from 'zod';
import type { Access } from '../auth/permissions';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  permission: Access;
  /**
   * write: runs in one transaction and notifies change-feed subscribers after commit.
   * self-managed: the handler commits its own transactions (sign-in must record a failed
   * attempt even though it refuses the call).
   */
  kind: 'read' | 'write' | 'self-managed';
  /** May be called while the session is locked (unlock, sign out, who am I). */
  allowWhenLocked?: true;
}

export function defineMethod<I extends z.ZodType, O extends z.ZodType>(
  spec: MethodSpec<I, O>,
): MethodSpec<I, O> {
  return spec;
}
