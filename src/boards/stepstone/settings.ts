import { z } from 'zod';
import { EMPLOYMENT_TYPES, HOURS } from '../../domain/vacancy.js';

const id = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .regex(/^\d{1,18}$/, `${label} must be StepStone's number for it, digits only`);

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, `${label} must not be empty; leave it out instead`)
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional();

/**
 * StepStone's category ids for Postroom's values, kept per connection by an admin: StepStone's
 * per-country "widget lists" are not public, so no id is pre-filled (the contract gives none).
 */
export const categoriesSchema = z
  .object({
    workfield: z
      .record(z.string().trim().min(1).max(100), id('A workfield id'))
      .default({})
      .describe('Postroom category (as on the vacancy, any case) -> StepStone workfield id'),
    contracttype: z
      .partialRecord(z.enum(EMPLOYMENT_TYPES), id('A contract type id'))
      .default({})
      .describe('Employment type -> StepStone contracttype id'),
    worktype: z
      .partialRecord(z.enum(HOURS), id('A work type id'))
      .default({})
      .describe('Hours (full_time, part_time) -> StepStone worktype id'),
  })
  .strict();

export const stepstoneSettingsSchema = z
  .object({
    username: z
      .string({ error: 'Enter the feed username StepStone gave you' })
      .trim()
      .min(1, 'Enter the feed username StepStone gave you')
      .max(255)
      .describe('Feed username from StepStone (UK: usually "3rdFeed" then the company name)'),
    password: z
      .string({ error: 'Enter the feed password StepStone gave you' })
      .min(1, 'Enter the feed password StepStone gave you')
      .max(255)
      .describe('Feed password from StepStone (write-only)'),
    senderId: id('Sender id')
      .optional()
      .describe("sender_id: the customer's id at StepStone (the UK FeedID)"),
    organisationId: id('Organisation id')
      .optional()
      .describe('organisation_id: the contract that is charged; leave out for Orgamapping'),
    recruiterId: id('Recruiter id').optional().describe('recruiter_id, when StepStone gave one'),
    companyName: optionalText('Company name', 200).describe(
      "The company's full name as StepStone knows it (Orgamapping); default: the organisation name",
    ),
    channel: optionalText('Channel', 20).describe('The site code StepStone gave at onboarding'),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'Base URL must be an http:// or https:// address' })
      .describe(
        "The JobFeed address StepStone gave at onboarding (there is no public default), or this server's sandbox at <Postroom>/sandbox/stepstone",
      ),
    categories: categoriesSchema.default({ workfield: {}, contracttype: {}, worktype: {} }),
  })
  .strict();

export type StepStoneSettings = z.output<typeof stepstoneSettingsSchema>;
