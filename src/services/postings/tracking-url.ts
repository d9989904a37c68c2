/** The tracked apply link of a posting: applications through it are credited to the board. */
export function trackingUrl(
  publicUrl: string,
  organisationSlug: string,
  vacancyReference: string,
  token: string,
): string {
  return `${publicUrl}/careers/${encodeURIComponent(organisationSlug)}/${encodeURIComponent(vacancyReference)}/apply?src=${encodeURIComponent(token)}`;
}
