import { z } from 'zod';
import type { Board } from '../board.js';
import { reedAdvertEnd } from './advert-life.js';
import { checkReed } from './check.js';
import { createForm, DEFAULT_BASE_URL, previewReedRequest, type ReedSettings, reedClient } from './client.js';
import { REED_FIELDS } from './fields.js';
import { prefillReed } from './map.js';

const required = (message: string) => z.string({ error: message }).trim().min(1, message).max(255);

export const reedSettingsSchema = z
  .object({
    clientId: required('Enter the Client ID Reed gave you with the API key').describe(
      'Client ID, given by Reed with the API key',
    ),
    apiKey: required('Enter the API key Reed gave you').describe(
      'API key (a GUID) that signs every request (write-only)',
    ),
    username: z
      .email({ error: 'Enter the e-mail address of the reed.co.uk/recruiter account' })
      .describe('Username: the e-mail address of the reed.co.uk/recruiter account posted to'),
    postingKey: z
      .string({ error: 'Posting key must be text' })
      .trim()
      .max(255)
      .optional()
      .describe(
        'Posting key of that account ("Account settings" → "Get my Posting key"), when posting on behalf of a client (write-only)',
      ),
    userAgent: z
      .string({ error: 'User agent must be text' })
      .trim()
      .min(1, 'Enter a user agent')
      .max(255)
      .default('Postroom/1.0')
      .describe('User-Agent sent and signed with every request'),
    testMode: z
      .boolean({ error: 'Test mode must be true or false' })
      .default(false)
      .describe('Post drafts "to test the api" (isDemo): they spend no credit and are not shown'),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'Base URL must be an http:// or https:// address' })
      .optional()
      .describe(
        `Override of the API address (default ${DEFAULT_BASE_URL}), only to one the operator allows in POSTROOM_BOARD_URL_ALLOW or to this server's sandbox at <Postroom>/sandbox/reed; changing it needs the API key again`,
      ),
  })
  .strict();

export const reedBoard: Board<ReedSettings> = {
  id: 'reed',
  label: 'Reed',
  description:
    "reed.co.uk, the UK's largest job site, through Reed's recruiter posting API (each advert spends one of your Reed credits).",
  connection: { schema: reedSettingsSchema, secrets: ['apiKey', 'postingKey'] },
  fields: REED_FIELDS,
  canClose: true,
  readsStatus: false,
  advertEnd: reedAdvertEnd,
  referenceField: 'reference',
  prefill: prefillReed,
  check: checkReed,
  map: createForm,
  previewRequest: previewReedRequest,
  client: reedClient,
};
