// Every StepStone wire name lives in this file (docs/boards/stepstone.md). Names marked
// (reconstructed) there are our best reading of public material: onboarding changes only this file.
import type { PostingFields } from '../board.js';
import { cdata, cleanText, escapeXml } from '../xml.js';
import type { StepStoneSettings } from './settings.js';

/** `POST {baseUrl}/jobfeed.aspx`, a form with these parameters ("JobFeed HTTP Post"). */
export const FEED_PATH = '/jobfeed.aspx'; // (reconstructed: the PNet notes' path)
export const FORM_KEYS = {
  xmlResponse: 'xmlresponse', // documented; Postroom always sends "true"
  username: 'username', // (reconstructed)
  password: 'password', // (reconstructed)
  xml: 'xml', // (reconstructed)
} as const;

export type FeedAction = 'INSERT' | 'UPDATE' | 'OFFLINE';

/** `/jobfeed/joblisting` and its attributes. */
export const LISTING = {
  root: 'jobfeed',
  listing: 'joblisting',
  reference: 'reference_id',
  action: 'action',
  senderId: 'sender_id',
  organisationId: 'organisation_id',
  recruiterId: 'recruiter_id',
  channel: 'channel',
} as const;

/** Text boxes under `jobdetails`, each with a `title` attribute: Postroom field -> node. */
export const TEXT_NODES = {
  introduction: { node: 'introduction', title: 'About us' },
  tasks: { node: 'tasks', title: 'The role' },
  profile: { node: 'profile', title: 'About you' },
  offer: { node: 'offer', title: 'What we offer' },
  contactInfo: { node: 'contactinfo', title: 'How to apply' },
} as const;

export const DETAILS = {
  node: 'jobdetails',
  language: 'language',
  title: 'jobtitle',
  video: 'video', // (reconstructed: name unknown)
  liveDays: 'publish_duration', // (reconstructed: PNet notes)
  locations: 'joblocations', // (reconstructed: PNet notes, down to `street`)
  location: 'location',
  countryCode: 'countrycode',
  city: 'city',
  postcode: 'postalcode',
  street: 'streetname',
  apply: 'apply',
  applyUrl: 'url',
  applyEmail: 'email',
} as const;

/** `categorization/<node> @id`: frozen after INSERT. */
export const CATEGORIZATION = {
  node: 'categorization',
  id: 'id',
  workfield: 'workfield',
  geography: 'geography',
  sector: 'sector',
  contracttype: 'contracttype',
  worktype: 'worktype',
  experience: 'experience',
} as const;
export const COMPANY = { node: 'companydetails', name: 'companyname' } as const;

/** Postroom always writes English for the UK sites. */
export const LANGUAGE = 'EN';
export const COUNTRY_CODE = 'GB';

/** The answer document (`xmlresponse=true`): Postroom name -> path under `jobfeedresponse`. */
export const ANSWER = {
  root: 'jobfeedresponse',
  senderId: 'senderid',
  organisationId: 'organisationid',
  reference: 'reference',
  listingId: 'listingid',
  listingExpiration: 'listingexpiration',
  action: 'action',
  status: 'status',
  statusCode: 'statuscode',
  warningCode: 'warningcode',
  comments: 'comments',
  contractEndDate: 'contract/enddate',
  credits: 'contract/credits',
} as const;
/** The plain-text answer (`xmlresponse=false`): `Key=value;` pairs. */
export const TEXT_ANSWER = {
  senderId: 'Sender_ID',
  organisationId: 'Organisation_ID',
  listingId: 'Listing_ID',
  reference: 'Reference',
  action: 'action',
  status: 'STATUS',
  contractEndDate: 'contract_end_date',
  credits: 'Credits',
  statusCode: 'StatusCode',
  listingExpiration: 'listingExpiration',
} as const;

/** The Postroom fields whose StepStone categorization cannot change after INSERT. */
export const CATEGORY_FIELDS = [
  'category',
  'employmentType',
  'hours',
  'geographyId',
  'sectorId',
  'experienceId',
] as const;

const text = (value: unknown): string | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const cleaned = cleanText(String(value)).trim();
  return cleaned === '' ? undefined : cleaned;
};
const node = (name: string, inner: string, attributes: Record<string, string> = {}) =>
  `<${name}${Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('')}>${inner}</${name}>`;
const textNode = (name: string, value: unknown, attributes: Record<string, string> = {}) => {
  const t = text(value);
  return t === undefined ? '' : node(name, cdata(t), attributes);
};

/** The category ids the connection's table gives these fields, node by node. */
export function categoryIds(fields: PostingFields, settings: StepStoneSettings): [string, string][] {
  const table = settings.categories;
  const category = text(fields.category)?.toLowerCase();
  const workfield = Object.entries(table.workfield).find(([name]) => name.toLowerCase() === category)?.[1];
  const pick = (map: Record<string, string>, key: unknown) =>
    typeof key === 'string' && Object.hasOwn(map, key) ? map[key] : undefined;
  const ids: [string, string | undefined][] = [
    [CATEGORIZATION.workfield, workfield],
    [CATEGORIZATION.geography, text(fields.geographyId)],
    [CATEGORIZATION.sector, text(fields.sectorId)],
    [CATEGORIZATION.contracttype, pick(table.contracttype, fields.employmentType)],
    [CATEGORIZATION.worktype, pick(table.worktype, fields.hours)],
    [CATEGORIZATION.experience, text(fields.experienceId)],
  ];
  return ids.filter((pair): pair is [string, string] => pair[1] !== undefined);
}

function jobDetails(fields: PostingFields): string {
  const boxes = Object.entries(TEXT_NODES)
    .map(([field, box]) => textNode(box.node, fields[field], { title: box.title }))
    .join('');
  const place = [
    textNode(DETAILS.countryCode, COUNTRY_CODE),
    textNode(DETAILS.city, fields.city),
    textNode(DETAILS.postcode, fields.postcode),
    textNode(DETAILS.street, fields.street),
  ].join('');
  const apply = textNode(DETAILS.applyUrl, fields.applyUrl) + textNode(DETAILS.applyEmail, fields.applyEmail);
  return node(
    DETAILS.node,
    textNode(DETAILS.language, LANGUAGE) +
      textNode(DETAILS.title, fields.title) +
      boxes +
      node(DETAILS.locations, node(DETAILS.location, place)) +
      (apply ? node(DETAILS.apply, apply) : '') +
      textNode(DETAILS.video, fields.videoUrl) +
      textNode(DETAILS.liveDays, fields.liveDays),
  );
}

/**
 * The job feed document for one listing. OFFLINE carries the listing's identity only; INSERT and
 * UPDATE carry the whole listing (StepStone keeps the categories of the INSERT).
 */
export function jobfeedXml(action: FeedAction, fields: PostingFields, settings: StepStoneSettings): string {
  const attributes: Record<string, string> = {
    [LISTING.reference]: text(fields.reference) ?? '',
    [LISTING.action]: action,
  };
  if (settings.senderId) attributes[LISTING.senderId] = settings.senderId;
  if (settings.organisationId) attributes[LISTING.organisationId] = settings.organisationId;
  if (settings.recruiterId) attributes[LISTING.recruiterId] = settings.recruiterId;
  let inner = textNode(LISTING.channel, settings.channel);
  if (action !== 'OFFLINE') {
    const categories = categoryIds(fields, settings)
      .map(([name, id]) => `<${name} ${CATEGORIZATION.id}="${escapeXml(id)}"/>`)
      .join('');
    const company = settings.companyName ?? fields.companyName;
    inner +=
      jobDetails(fields) +
      (categories ? node(CATEGORIZATION.node, categories) : '') +
      (text(company) ? node(COMPANY.node, textNode(COMPANY.name, company)) : '');
  }
  return `<?xml version="1.0" encoding="UTF-8"?>${node(LISTING.root, node(LISTING.listing, inner, attributes))}`;
}

/** The form parameters of a call, without credentials. */
export const feedForm = (xml: string): Record<string, string> => ({
  [FORM_KEYS.xmlResponse]: 'true',
  [FORM_KEYS.xml]: xml,
});
