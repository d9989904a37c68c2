// A full UK postcode: outward code (area, district) and inward code (sector, unit), as in
// BS 7666, plus the special case GIR 0AA. Outcodes alone ("G2") are not full postcodes.
const OUTCODE =
  '(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])';
const FULL_POSTCODE = new RegExp(`^(GIR ?0AA|${OUTCODE} ?[0-9][ABD-HJLNP-UW-Z]{2})$`);
const OUTCODE_ONLY = new RegExp(`^${OUTCODE}$`);

/** Upper-cases and puts one space before the inward code: " g2 1dy " -> "G2 1DY". */
export function normalisePostcode(input: string): string {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

/** True for a valid full UK postcode in any spacing or case. */
export function isFullUkPostcode(input: string): boolean {
  return FULL_POSTCODE.test(normalisePostcode(input));
}

/** True for the outward code alone ("G2", "EH12"), in any case, without spaces around it. */
export function isUkOutcode(input: string): boolean {
  return OUTCODE_ONLY.test(input.trim().toUpperCase());
}
