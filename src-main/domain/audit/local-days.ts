/** The UTC instant at which a calendar day starts on this computer (the clinic's local day). */
function startOfLocalDay(isoDate: string, dayOffset = 0): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + dayOffset).toISOString();
}

/** `at` bounds for a range of local days, both ends included: [start of `from`, start of the day after `to`). */
export function localDayBounds(range: { from?: string | undefined; to?: string | undefined }): { since?: string; before?: string } {
  return {
    ...(range.from ? { since: startOfLocalDay(range.from) } : {}),
    ...(range.to ? { before: startOfLocalDay(range.to, 1) } : {}),
  };
}
