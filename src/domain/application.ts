/** The CV formats Postroom accepts, recognised by their content, never by their name. */
export type CvType = 'pdf' | 'docx';

/** At most 5 MB, as the apply form says. */
export const CV_MAX_BYTES = 5 * 1024 * 1024;

export const CV_CONTENT_TYPES: Record<CvType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Where a recruiter has got to with a candidate; every application starts as `new`. */
export const APPLICATION_STATUSES = ['new', 'reviewing', 'shortlisted', 'rejected', 'hired'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type SourceKind = 'board' | 'careers' | 'feed' | 'unknown';

/** Where an application came from: a board's posting, the careers site, a feed, or an unknown token. */
export interface ApplicationSource {
  kind: SourceKind;
  /** "NHS Jobs", "s1jobs", "Careers site", "Indeed", "LinkedIn", "Adzuna", "Jooble", "JSON feed" or "Unknown". */
  label: string;
  postingId: string | null;
}

export const CAREERS_SITE_SOURCE: ApplicationSource = {
  kind: 'careers',
  label: 'Careers site',
  postingId: null,
};
export const UNKNOWN_SOURCE: ApplicationSource = { kind: 'unknown', label: 'Unknown', postingId: null };

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Every Word document has this part; its name appears in the ZIP's local header and central directory.
const DOCX_PART = Buffer.from('word/document.xml', 'latin1');

/**
 * The CV's type from its first bytes: a PDF starts with `%PDF-`; a Word document is a ZIP holding
 * `word/document.xml`. Anything else (a renamed image, an old .doc, a plain ZIP) is null.
 */
export function sniffCv(bytes: Uint8Array): CvType | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'pdf';
  if (buffer.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC) && buffer.includes(DOCX_PART)) return 'docx';
  return null;
}

/** A download name for the CV: the candidate's name when it is harmless, always with the true extension. */
export function cvDownloadName(originalName: string, type: CvType): string {
  const base = (originalName.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .replace(/\.(pdf|docx?)$/i, '')
    .trim()
    .slice(0, 100);
  return `${base || 'cv'}.${type}`;
}
