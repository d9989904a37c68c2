import { z } from 'zod';
import { defineBoard } from '../define-board.js';
import { checkTv } from './check.js';
import { mapTv, previewTvRequest, type TvSettings, tvClient } from './client.js';
import { PHASES, TV_FIELDS } from './fields.js';
import { BASE_URLS, KEY_HEADER, prefillTv } from './map.js';
import { SANDBOX_KEYS, tvSandbox } from './sandbox.js';

const urn = z
  .string({ error: 'A school URN must be text' })
  .trim()
  .regex(/^\d{5,7}$/, 'A school URN is 5 to 7 digits');

export const tvSettingsSchema = z
  .object({
    apiKey: z
      .string({ error: 'Enter the API key Teaching Vacancies gave you' })
      .trim()
      .regex(
        /^[0-9a-fA-F]{40}$/,
        'The API key is 40 hexadecimal characters, as Teaching Vacancies support gave it',
      )
      .describe('API key of your ATS client, sent as X-Api-Key (write-only)'),
    environment: z
      .enum(['staging', 'production'], { error: 'Environment must be staging or production' })
      .default('staging')
      .describe(`staging (${BASE_URLS.staging}) first, then production (${BASE_URLS.production})`),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'Base URL must be an http:// or https:// address' })
      .optional()
      .describe(
        "Override of the API address, ending in /ats-api/v1: only one the operator allows in POSTROOM_BOARD_URL_ALLOW or this server's sandbox; changing it needs the API key again",
      ),
    schools: z
      .object({
        trustUid: z
          .string({ error: 'Trust UID must be text' })
          .trim()
          .min(1, 'Enter the trust UID')
          .optional(),
        schoolUrns: z
          .array(urn, { error: 'School URNs must be a list' })
          .min(1, 'Enter at least one URN')
          .optional(),
      })
      .strict()
      .optional()
      .describe("Default schools for this organisation's adverts: a trust UID and/or school URNs"),
    phases: z
      .array(z.enum(PHASES, { error: `A phase is one of: ${PHASES.join(', ')}` }))
      .min(1, 'Choose at least one phase')
      .optional()
      .describe('Default education phases for adverts that do not choose their own'),
  })
  .strict();

export const teachingVacanciesBoard = defineBoard<TvSettings>({
  id: 'teaching-vacancies',
  label: 'Teaching Vacancies',
  description:
    "The Department for Education's free national service for teaching and support jobs in English schools and trusts, through its ATS API.",
  connection: { schema: tvSettingsSchema, secrets: ['apiKey'] },
  fields: TV_FIELDS,
  canClose: true,
  readsStatus: false,
  referenceField: 'reference',
  prefill: prefillTv,
  check: checkTv,
  map: mapTv,
  previewRequest: previewTvRequest,
  client: tvClient,
  // docs/boards/teaching-vacancies.md: 600 requests per fixed 60-second window per API key.
  rateLimit: { requests: 600, perMs: 60_000, window: 'fixed' },
  secretNames: [KEY_HEADER],
  sandbox: {
    plugin: tvSandbox,
    demoSettings: (baseUrl) => ({
      apiKey: SANDBOX_KEYS.demo,
      environment: 'staging',
      baseUrl: `${baseUrl}/ats-api/v1`,
      schools: { schoolUrns: ['137138'] },
      phases: ['primary'],
    }),
    adverts: async (baseUrl) => {
      const root = baseUrl.replace(/\/ats-api\/v1\/?$/, '');
      const response = await fetch(`${root}/_inspect/vacancies`);
      const { vacancies } = (await response.json()) as {
        vacancies: {
          id: string;
          client: string | null;
          reference: string | null;
          status: string;
          createCount: number;
          body: Record<string, unknown>;
        }[];
      };
      return vacancies
        .filter((v) => v.client !== null)
        .map((v) => ({
          id: v.id,
          // The board holds `<organisation slug>/<vacancy reference>` (map.ts): the vacancy's part.
          reference: (v.reference ?? '').split('/').pop() ?? '',
          status: v.status,
          createCount: v.createCount,
          body: v.body,
        }));
    },
    // The vacancy does not say the job role: the recruiter picks it.
    benchFields: { jobRoles: ['teacher'] },
    sampleFields: (reference) => ({
      title: 'Class Teacher',
      reference,
      description: '<p>Join our friendly Year 3 team.</p><ul><li>Supportive leadership</li></ul>',
      applyUrl: `http://localhost:3000/careers/demo/${encodeURIComponent(reference)}/apply?src=sample`,
      closingDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      closingTime: '12:00',
      // TV refuses the same title, expiry, contract, patterns, phases and salary twice for a school.
      salary: `MPS/UPS (advert ${reference})`,
      contractType: 'permanent',
      workingPatterns: ['full_time'],
      jobRoles: ['teacher'],
      phases: ['primary'],
      schools: { schoolUrns: ['137138'] },
      keyStages: ['ks2'],
    }),
  },
});
