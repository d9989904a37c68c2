import { z } from 'zod';
import type { EmploymentType } from '../../domain/vacancy.js';
import type { PostingFields, PrefillContext } from '../board.js';
import { defineBoard } from '../define-board.js';
import { checkDwp } from './check.js';
import { type DwpSettings, dwpClient, previewDwpRequest } from './client.js';
import { DWP_FIELDS } from './fields.js';
import { DEFAULT_CATEGORY, parseVersionTag } from './map.js';
import { dwpSandbox, SANDBOX_ACCOUNT } from './sandbox.js';

export const dwpSettingsSchema = z
  .object({
    host: z
      .string({ error: 'The SFTP host must be text' })
      .trim()
      .min(1, 'Enter the SFTP host Find a job gave you')
      .optional()
      .describe('SFTP host Find a job gave you (FIND_A_JOB_FTP_HOST at Teaching Vacancies)'),
    port: z
      .number({ error: 'The SFTP port must be a number' })
      .int('The SFTP port must be a whole number')
      .min(1, 'The SFTP port is 1 to 65535')
      .max(65_535, 'The SFTP port is 1 to 65535')
      .default(22)
      .describe('SFTP port (22 unless Find a job says otherwise)'),
    username: z.string({ error: 'Enter the SFTP username' }).trim().min(1, 'Enter the SFTP username'),
    password: z
      .string({ error: 'Enter the SFTP password' })
      .min(1, 'Enter the SFTP password')
      .describe('SFTP password (write-only)'),
    hostKey: z
      .string({ error: 'The host key fingerprint must be text' })
      .trim()
      .regex(
        /^SHA256:[A-Za-z0-9+/]{43}$/,
        'The host key fingerprint looks like SHA256: and 43 characters, as ssh-keyscan | ssh-keygen -lf - prints it',
      )
      .optional()
      .describe("The SFTP server's host key fingerprint (SHA256:…): Postroom connects only to that server"),
    filePrefix: z
      .string({ error: 'The file prefix must be text' })
      .regex(/^[A-Za-z0-9-]{1,40}$/, 'The file prefix is 1 to 40 letters, digits or dashes')
      .default('postroom')
      .describe('Start of every uploaded file name: <prefix>-<UTC time>-<n>-upload.xml (and -expire.xml)'),
    categoryId: z
      .number({ error: "The default category must be DWP's category id (a number)" })
      .int()
      .min(1)
      .max(999)
      .default(DEFAULT_CATEGORY)
      .describe(
        "Default VacancyCategory id for adverts that do not choose one (27: education, Teaching Vacancies' default)",
      ),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'The sandbox address must be an http:// or https:// address' })
      .optional()
      .describe(
        "Instead of host and host key: this server's Find a job sandbox (or one allowed in POSTROOM_BOARD_URL_ALLOW), which says where its SFTP server is and which host key it shows",
      ),
  })
  .strict()
  .refine((s) => s.baseUrl !== undefined || (s.host !== undefined && s.hostKey !== undefined), {
    message: "Enter the SFTP host and its host key fingerprint (or the sandbox's address)",
    path: ['hostKey'],
  });

const VACANCY_TYPES: Partial<Record<EmploymentType, string>> = {
  permanent: 'permanent',
  fixed_term: 'contract',
  contract: 'contract',
  secondment: 'contract',
  temporary: 'temporary',
  bank: 'temporary',
  locum: 'temporary',
  apprenticeship: 'apprenticeship',
};

function prefillDwp({ vacancy, trackingUrl }: PrefillContext): PostingFields {
  const summary = vacancy.summary?.trim() ? `<p>${vacancy.summary.trim()}</p>` : '';
  const fields: PostingFields = {
    title: vacancy.title,
    reference: vacancy.reference,
    description: `${summary}${vacancy.description}`,
    street: vacancy.location.line1,
    city: vacancy.location.town,
    postcode: vacancy.location.postcode,
    closingDate: vacancy.closingDate,
    vacancyType: VACANCY_TYPES[vacancy.employmentType],
    hours: vacancy.hours,
    applyUrl: trackingUrl,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''));
}

/** After an advert's 30 days, a vacancy still open is re-posted under the next code. */
function repost(fields: PostingFields, etag: string | null, today: string): PostingFields | null {
  const version = parseVersionTag(etag);
  const closing = typeof fields.closingDate === 'string' ? fields.closingDate : '';
  if (!version || today <= version.endsOn || closing <= version.endsOn) return null;
  const current = typeof fields.version === 'number' ? fields.version : 0;
  return { version: current + 1 };
}

export const dwpFindAJobBoard = defineBoard<DwpSettings>({
  id: 'dwp-find-a-job',
  label: 'DWP Find a job',
  description:
    "The Department for Work and Pensions' free national job service, through its bulk upload: XML files over SFTP, imported once a day, with a report per file.",
  connection: { schema: dwpSettingsSchema as unknown as z.ZodType<DwpSettings>, secrets: ['password'] },
  fields: DWP_FIELDS,
  canClose: true,
  readsStatus: true,
  referenceField: 'reference',
  prefill: prefillDwp,
  check: checkDwp,
  map: (fields, settings) => ({ xml: previewDwpRequest(fields, settings).body }),
  previewRequest: previewDwpRequest,
  client: dwpClient,
  // Reports arrive after a daily import: a few checks an hour are plenty.
  pollMs: 15 * 60_000,
  // No advertEnd: each advert lives 30 days, but Postroom re-posts it until the closing date.
  repost,
  secretNames: ['password'],
  addressSettings: ['baseUrl', 'host', 'port', 'hostKey'],
  sandbox: {
    burstLimit: "adverts are posted at Find a job's next import of the files",
    plugin: dwpSandbox,
    demoSettings: (baseUrl) => ({
      ...SANDBOX_ACCOUNT,
      port: 22,
      filePrefix: 'demo',
      categoryId: DEFAULT_CATEGORY,
      baseUrl,
    }),
    adverts: async (baseUrl) => {
      const response = await fetch(`${baseUrl}/_inspect/adverts`);
      const { adverts } = (await response.json()) as {
        adverts: { code: string; status: string; uploads: number; body: Record<string, unknown> }[];
      };
      return adverts.map((a) => ({
        id: a.code,
        reference: a.code,
        status: a.status,
        createCount: 1,
        body: { ...a.body, uploads: a.uploads },
      }));
    },
    sampleFields: (reference) => ({
      title: 'Care Assistant',
      reference,
      description: '<p>Join our friendly team.</p><ul><li>Paid training</li></ul>',
      city: 'Glasgow',
      postcode: 'G2 1DY',
      closingDate: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      vacancyType: 'permanent',
      hours: 'full_time',
      applyUrl: `http://localhost:3000/careers/demo/${encodeURIComponent(reference)}/apply?src=sample`,
    }),
  },
});
