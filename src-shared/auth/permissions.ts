/** Every permission a contract method can require. Roles (users issue) grant subsets of these. */
export const PERMISSIONS = ['patients.read', 'patients.write', 'changes.read', 'system.read'] as const;

export type Permission = (typeof PERMISSIONS)[number];
