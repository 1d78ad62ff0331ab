/** The requested values that differ from the current ones (undefined means "not sent"). */
export function changedFields<T extends object, R extends Partial<T>>(current: T, requested: R): Partial<R> {
  return Object.fromEntries(
    Object.entries(requested).filter(([key, value]) => value !== undefined && current[key as keyof T] !== value),
  ) as Partial<R>;
}
