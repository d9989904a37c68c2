import { z } from 'zod';
import { type Board, shownFields } from '../board.js';
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

/** The seed's words when NHS Jobs accepts a draft ("How to check if the integration has been successfully triggered"). */
export const ACCEPTED_MESSAGE = 'Job Successfully Posted';
export const NOT_ADVERTISED_MESSAGE = 'Please advertise the job externally before posting to NHS Jobs';

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

export const nhsJobsBoard: Board<NhsJobsSettings> = {
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
};
