import { z } from 'zod';
import { defineBoard } from '../define-board.js';
import { reedAdvertEnd } from './advert-life.js';
import { checkReed } from './check.js';
import { createForm, DEFAULT_BASE_URL, previewReedRequest, type ReedSettings, reedClient } from './client.js';
import { REED_FIELDS } from './fields.js';
import { CREDENTIAL_KEYS, HEADERS, prefillReed } from './map.js';
import { reedSandbox } from './sandbox.js';

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

export const reedBoard = defineBoard<ReedSettings>({
  id: 'reed',
  label: 'Reed',
  description:
    "reed.co.uk, the UK's largest job site, through Reed's recruiter posting API (each advert spends one of your Reed credits).",
  cost: 'Each new advert spends one Reed credit of its advert type (none in test mode). Edits are free, except a change of advert type or days on Reed, or of the title or town once the advert has had an application: one credit each.',
  connection: { schema: reedSettingsSchema, secrets: ['apiKey', 'postingKey'] },
  fields: REED_FIELDS,
  canClose: true,
  readsStatus: false,
  canLookUp: false,
  advertEnd: reedAdvertEnd,
  // Reed has no expiry callback: the posting expires on the day Postroom computed, and may be relisted.
  relistOrExtend: {
    relist: {
      description:
        'Relisting puts the expired advert back on Reed for another run of its days on Reed, from today. It spends one Reed credit of its advert type.',
      costsCredit: true,
    },
    extend: {
      description:
        "Extending restarts the live advert's run on Reed from today, for its days on Reed. It spends one Reed credit of its advert type.",
      costsCredit: true,
    },
  },
  referenceField: 'reference',
  prefill: prefillReed,
  check: checkReed,
  map: createForm,
  previewRequest: previewReedRequest,
  client: reedClient,
  // The posting key travels in form bodies; the signature header is made from the API key.
  // docs/boards/reed.md: 2,000 requests an hour per client ID; how Reed counts the hour is not published.
  rateLimit: { requests: 2_000, perMs: 3_600_000, window: 'rolling' },
  secretNames: [CREDENTIAL_KEYS.postingKey, HEADERS.signature],
  sandbox: {
    plugin: reedSandbox,
    // The sandbox's built-in recruiter account (src/boards/reed/sandbox-state.ts).
    demoSettings: (baseUrl) => ({
      clientId: '1001',
      apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      username: 'recruiter@demo-agency.example',
      userAgent: 'Postroom/1.0',
      testMode: false,
      baseUrl,
    }),
    adverts: async (baseUrl) => {
      const response = await fetch(`${baseUrl}/_inspect/jobs`);
      const { jobs } = (await response.json()) as {
        jobs: {
          id: string;
          ownerRef: string | null;
          status: string;
          createCount: number;
          body: Record<string, unknown>;
        }[];
      };
      return jobs.map((j) => ({
        id: j.id,
        reference: j.ownerRef ?? '',
        status: j.status,
        createCount: j.createCount,
        body: j.body,
      }));
    },
    sampleFields: (reference) => ({
      title: 'Head Chef',
      reference,
      description: `<p>${'Lead a busy kitchen team, plan seasonal menus and keep our high standards of food safety. '.repeat(3)}</p>`,
      town: 'LS1 4DY',
      jobType: 'permanent',
      workingHours: 'full_time',
      expiryInDays: 28,
      applyUrl: `http://localhost:3000/careers/demo/${reference}/apply?src=sample`,
    }),
  },
});
