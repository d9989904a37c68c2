import { z } from 'zod';
import { ukDate } from '../../domain/vacancy.js';
import { shownFields } from '../board.js';
import { defineBoard } from '../define-board.js';
import {
  type NhsJobsSettings,
  nhsJobsClient,
  PRODUCTION_BASE_URL,
  PUBLISHED_MESSAGE,
  previewNhsJobsRequest,
  TEST_BASE_URL,
} from './client.js';
import { checkNhsJobs, NHS_JOBS_FIELDS } from './fields.js';
import { mapNhsJobs, prefillNhsJobs } from './map.js';
import { TEXT_LIMITS } from './rules.js';
import { nhsJobsSandbox } from './sandbox.js';

/** The seed's words when NHS Jobs accepts a draft ("How to check if the integration has been successfully triggered"). */
export const ACCEPTED_MESSAGE = 'Job Successfully Posted';
export const NOT_ADVERTISED_MESSAGE = 'Please advertise the job externally before posting to NHS Jobs';

const SAMPLE_ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
/** What the vacancy cannot pre-fill: the NHS staff group and pay, and duties of 100 characters or more. */
const BENCH_FIELDS = {
  mainDuties: `${SAMPLE_ABOUT} Assess, plan and evaluate care.`,
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
};

export const nhsJobsSettingsSchema = z
  .object({
    organisationId: z
      .string({ error: 'Enter the Organisation ID issued by NHS Jobs' })
      .trim()
      .min(1, 'Enter the Organisation ID issued by NHS Jobs')
      .max(100)
      .describe('Organisation ID, issued by NHS Jobs'),
    accountId: z
      .string({ error: 'Enter the Account ID issued by NHS Jobs' })
      .trim()
      .min(1, 'Enter the Account ID issued by NHS Jobs')
      .max(100)
      .describe('Account ID, issued by NHS Jobs'),
    apiKey: z
      .string({ error: 'Enter the API key' })
      .min(1, 'Enter the API key')
      .max(500)
      .describe('API key (write-only)'),
    testMode: z
      .boolean({ error: 'Test mode must be true or false' })
      .default(false)
      .describe(
        `Send to the NHS Jobs test server (${TEST_BASE_URL}) instead of production (${PRODUCTION_BASE_URL})`,
      ),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'Base URL must be an http:// or https:// address' })
      .optional()
      .describe(
        "Override of the API address, only to one the operator allows in POSTROOM_BOARD_URL_ALLOW or to this server's sandbox at <Postroom>/sandbox/nhs-jobs; changing it needs the API key again",
      ),
  })
  .strict();

export const nhsJobsBoard = defineBoard<NhsJobsSettings>({
  id: 'nhs-jobs',
  label: 'NHS Jobs',
  description:
    'NHS Jobs (NHSBSA): Postroom creates a draft vacancy in your NHS Jobs account; a person then publishes it in NHS Jobs. Candidates apply through your careers site.',
  connection: { schema: nhsJobsSettingsSchema, secrets: ['apiKey'] },
  fields: NHS_JOBS_FIELDS,
  canClose: false,
  readsStatus: true,
  drafts: {
    acceptedMessage: ACCEPTED_MESSAGE,
    publishedAdvice: PUBLISHED_MESSAGE,
    postedText: (state) => {
      if (state === 'published') return 'Published in NHS Jobs';
      if (state === 'closed') return 'Closed in NHS Jobs';
      return `${ACCEPTED_MESSAGE}. Draft created — publish it in NHS Jobs`;
    },
    // Postroom has no close call: say where the advert still is, not just "Closed".
    closedText: (state, closedAs) => {
      const here =
        closedAs === 'expired' ? 'Expired in Postroom (the closing date has passed)' : 'Closed in Postroom';
      if (state === 'published') return `${here}; still live on NHS Jobs until you close it there`;
      if (state === 'closed') return `${here} and in NHS Jobs`;
      return `${here}; the unpublished draft stays in your NHS Jobs account until you delete it there`;
    },
    chipWord: (status, state) => {
      const live = state === 'published';
      if (status === 'posted') {
        if (live) return 'Live on NHS Jobs';
        return state === 'closed' ? 'Closed in NHS Jobs' : 'Draft in NHS Jobs';
      }
      return (status === 'closed' || status === 'expired') && live ? 'Closed here, live on NHS Jobs' : null;
    },
  },
  // The employer publishes the draft and closes it in NHS Jobs; Postroom cannot end it there.
  advertEnd: () => ({ endsOn: null, text: 'Stays on NHS Jobs until it is closed in NHS Jobs' }),
  referenceField: 'jobReference',
  precondition: (vacancy) =>
    vacancy.status === 'live' ? null : { code: 'not_advertised', message: NOT_ADVERTISED_MESSAGE },
  prefill: prefillNhsJobs,
  check: checkNhsJobs,
  map: (fields) => mapNhsJobs(shownFields(NHS_JOBS_FIELDS, fields)),
  previewRequest: previewNhsJobsRequest,
  client: nhsJobsClient,
  // A posted draft is read back at the operator's interval (POSTROOM_STATUS_POLL_MINUTES, 15 by
  // default) to see whether it was published (docs/boards/nhs-jobs.md); no `pollMs` of its own.
  organisationLimits: [
    { field: 'about', ...TEXT_LIMITS.aboutOrganisation, label: 'About your organisation' },
  ],
  secretNames: ['authorization'],
  sandbox: {
    plugin: nhsJobsSandbox,
    // The sandbox's built-in account (src/boards/nhs-jobs/sandbox.ts).
    demoSettings: (baseUrl) => ({
      organisationId: 'DEMO-ORG',
      accountId: 'DEMO-ACCOUNT',
      apiKey: 'demo-nhs-key',
      testMode: true,
      baseUrl,
    }),
    adverts: async (baseUrl) => {
      const response = await fetch(`${baseUrl}/_inspect/drafts`);
      const { drafts } = (await response.json()) as {
        drafts: { id: string; status: string; createCount: number; body: Record<string, unknown> }[];
      };
      return drafts.map((d) => ({ ...d, reference: String(d.body.jobReference) }));
    },
    sampleFields: (reference) => ({
      jobTitle: 'Staff Nurse',
      jobReference: reference,
      contractType: 'PERMANENT',
      workingPatterns: ['FULL_TIME'],
      ...BENCH_FIELDS,
      salary: { type: 'RANGE', min: 31049, max: 37796, period: 'YEAR' },
      address: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
      closingDate: ukDate(new Date(Date.now() + 30 * 86_400_000)),
      jobOverview: `${SAMPLE_ABOUT} Join our friendly acute medical ward.`,
      aboutOrganisation: SAMPLE_ABOUT,
      jobDescription: '<p>Care for adults on an acute medical ward.</p>',
      contactEmail: 'recruitment@demo-nhs-trust.example',
      applyUrl: `http://localhost:3000/careers/demo/${reference}/apply?src=sample`,
    }),
    benchFields: BENCH_FIELDS,
  },
});
