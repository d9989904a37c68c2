// The feedback report Find a job writes into Outbound/ for each processed file
// (docs/boards/dwp-find-a-job.md, "Feedback report"; its format is reconstructed).
import { parseXml, XmlError } from '../xml.js';
import { ATTRIBUTES, REPORT } from './map.js';

/** What a report says of one advert, or of the whole file. */
export type ReportVerdict =
  | { result: 'accepted' }
  | { result: 'refused'; reason: string }
  | { result: 'file_refused'; reason: string }
  | { result: 'not_listed' };

/** The report's verdict on the advert with this code; throws XmlError for an unreadable report. */
export function verdictOf(report: string, code: string): ReportVerdict {
  const root = parseXml(report);
  if (root.name !== REPORT.upload && root.name !== REPORT.expire)
    throw new XmlError(`a report with the root <${root.name}>`);
  const fileError = root.children.find((c) => c.name === REPORT.fileError);
  if (fileError) return { result: 'file_refused', reason: fileError.text.trim() };
  const entry = root.children.find(
    (c) => c.name === REPORT.vacancy && c.attributes[ATTRIBUTES.code] === code,
  );
  if (!entry) return { result: 'not_listed' };
  if (entry.attributes[REPORT.result] === REPORT.success) return { result: 'accepted' };
  const reasons = entry.children.filter((c) => c.name === REPORT.reason).map((c) => c.text.trim());
  return { result: 'refused', reason: reasons.join('; ') || 'Find a job gave no reason' };
}
