import type { z } from 'zod';
import type { Permission } from '../auth/permissions';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  permission: Permission;
  /** Writes run in one transaction and notify change-feed subscribers after commit. */
  kind: 'read' | 'write';
}

export function defineMethod<I extends z.ZodType, O extends z.ZodType>(
  spec: MethodSpec<I, O>,
): MethodSpec<I, O> {
  return spec;
}
