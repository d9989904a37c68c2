// The sandbox's daily import, by its own reading of docs/boards/dwp-find-a-job.md ("Body",
// "Lifecycle", "What the sandbox must do"): every file in Inbound/ in name order, judged advert by
// advert, moved to processed/, with a report in Outbound/. Words outside DWP's one quoted message
// are the sandbox's own.
import { escapeXml, parseXml, type XmlElement } from '../xml.js';
import type { DwpSandboxState, SandboxAdvertRecord } from './sandbox-state.js';

const WINDOW_MESSAGE = 'Closing date must be between posting/editing date +1 day and posting date +30 days';
const TYPES = ['1', '2', '3', '4'];
const STATUSES = ['1', '2'];

const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const kid = (node: XmlElement | undefined, name: string) => node?.children.find((c) => c.name === name);
const textOf = (node: XmlElement | undefined, name: string) => kid(node, name)?.text.trim() ?? '';
const idOf = (node: XmlElement, name: string) => kid(node, name)?.attributes.id ?? '';

type Line = { code: string; reasons: string[] };

/** The reasons DWP would give for one `<Vacancy>`, given the advert it may replace. */
function reasonsFor(v: XmlElement, existing: SandboxAdvertRecord | undefined, today: string): string[] {
  const reasons: string[] = [];
  if (!textOf(v, 'Title')) reasons.push('Title is mandatory');
  if (!textOf(v, 'Description')) reasons.push('Description is mandatory');
  if (!textOf(kid(v, 'Location'), 'PostalCode')) reasons.push('PostalCode is mandatory');
  if (kid(kid(v, 'Location'), 'Country')) reasons.push('Country is no longer accepted');
  if (!TYPES.includes(idOf(v, 'VacancyType'))) reasons.push('VacancyType id is not a known value');
  if (!STATUSES.includes(idOf(v, 'VacancyStatus'))) reasons.push('VacancyStatus id is not a known value');
  if (!/^\d+$/.test(idOf(v, 'VacancyCategory'))) reasons.push('VacancyCategory id is not a known value');
  if (idOf(v, 'ApplyMethod') !== '2') reasons.push('ApplyMethod id is not a known value');
  else if (!/^https?:\/\/\S+$/.test(textOf(v, 'ApplyUrl')))
    reasons.push('ApplyUrl is mandatory with ApplyMethod 2');
  const expiry = kid(v, 'VacancyExpiry') ? textOf(v, 'VacancyExpiry') : null;
  if (expiry !== null) {
    const postedOn = existing?.status === 'live' ? existing.postedOn : today;
    const fits =
      /^\d{4}-\d{2}-\d{2}$/.test(expiry) && expiry >= plusDays(today, 1) && expiry <= plusDays(postedOn, 30);
    if (!fits) reasons.push(WINDOW_MESSAGE);
  }
  if (existing && existing.status !== 'live')
    reasons.push('This vacancyRefCode belongs to an expired vacancy and cannot be used again');
  return reasons;
}

function importVacancies(state: DwpSandboxState, account: string, root: XmlElement, today: string): Line[] {
  return root.children
    .filter((c) => c.name === 'Vacancy')
    .map((v) => {
      const code = v.attributes.vacancyRefCode ?? '';
      if (!code) return { code, reasons: ['vacancyRefCode is mandatory'] };
      const key = state.advertKey(account, code);
      const existing = state.adverts.get(key);
      const reasons = reasonsFor(v, existing, today);
      if (reasons.length > 0) return { code, reasons };
      const postedOn = existing?.postedOn ?? today;
      const expiry = kid(v, 'VacancyExpiry')
        ? textOf(v, 'VacancyExpiry')
        : (existing?.expiry ?? plusDays(postedOn, 30));
      state.adverts.set(key, {
        account,
        code,
        status: 'live',
        postedOn,
        expiry,
        uploads: (existing?.uploads ?? 0) + 1,
        body: {
          Title: textOf(v, 'Title'),
          Description: textOf(v, 'Description'),
          PostalCode: textOf(kid(v, 'Location'), 'PostalCode'),
          City: textOf(kid(v, 'Location'), 'City'),
          VacancyExpiry: expiry,
          VacancyType: idOf(v, 'VacancyType'),
          VacancyStatus: idOf(v, 'VacancyStatus'),
          VacancyCategory: idOf(v, 'VacancyCategory'),
          ApplyUrl: textOf(v, 'ApplyUrl'),
        },
      });
      return { code, reasons: [] };
    });
}

function expireVacancies(state: DwpSandboxState, account: string, root: XmlElement): Line[] {
  return root.children
    .filter((c) => c.name === 'ExpireVacancy')
    .map((e) => {
      const code = e.attributes.vacancyRefCode ?? '';
      const advert = state.adverts.get(state.advertKey(account, code));
      if (!advert || advert.status !== 'live')
        return { code, reasons: ['No live vacancy has this vacancyRefCode'] };
      advert.status = 'closed';
      return { code, reasons: [] };
    });
}

function reportXml(kind: string, file: string, at: Date, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${kind} file="${escapeXml(file)}" processedAt="${at.toISOString()}">\n${body}</${kind}>\n`;
}
const lineXml = ({ code, reasons }: Line) =>
  reasons.length === 0
    ? `  <Vacancy vacancyRefCode="${escapeXml(code)}" result="Success"/>\n`
    : `  <Vacancy vacancyRefCode="${escapeXml(code)}" result="Failure">${reasons
        .map((r) => `<Reason>${escapeXml(r)}</Reason>`)
        .join('')}</Vacancy>\n`;

/** One file: judged, applied, and its report (null when the report goes missing). */
function importFile(
  state: DwpSandboxState,
  account: string,
  name: string,
  content: string,
  today: string,
): string {
  const kind = /<ExpireVacancies\b/.test(content) ? 'BulkExpiryReport' : 'BulkUploadReport';
  const fileError = (why: string) =>
    reportXml(kind, name, new Date(), `  <FileError>${escapeXml(why)}</FileError>\n`);
  if (state.faults.fileError) return fileError(state.faults.fileError);
  let root: XmlElement;
  try {
    root = parseXml(content);
  } catch (error) {
    return fileError(`The file is not well-formed XML: ${(error as Error).message}`);
  }
  if (root.name === 'Vacancies') {
    return reportXml(
      'BulkUploadReport',
      name,
      new Date(),
      importVacancies(state, account, root, today).map(lineXml).join(''),
    );
  }
  if (root.name === 'ExpireVacancies')
    return reportXml(
      'BulkExpiryReport',
      name,
      new Date(),
      expireVacancies(state, account, root).map(lineXml).join(''),
    );
  return fileError(`The root element must be Vacancies or ExpireVacancies, not ${root.name}`);
}

/** Runs the import for every account now; returns the files it processed. */
export function runImport(state: DwpSandboxState): string[] {
  if (state.faults.skipImport) return [];
  const today = state.day();
  for (const advert of state.adverts.values())
    if (advert.status === 'live' && advert.expiry < today) advert.status = 'expired';
  const processed: string[] = [];
  for (const [account, folders] of state.folders) {
    const inbound = [...folders.keys()].filter((p) => p.startsWith('Inbound/') && p.endsWith('.xml')).sort();
    for (const path of inbound) {
      const name = path.slice('Inbound/'.length);
      const report = importFile(state, account, name, folders.get(path) ?? '', today);
      folders.set(`processed/${name}`, folders.get(path) ?? '');
      folders.delete(path);
      if (!state.faults.noReport) folders.set(`Outbound/${name.replace(/\.xml$/, '')}-report.xml`, report);
      processed.push(`${account}/${name}`);
    }
  }
  return processed;
}
