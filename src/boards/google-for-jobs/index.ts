import { defineBoard } from '../define-board.js';
import { googleClient, previewGoogleRequest } from './client.js';
import { checkGoogle, GOOGLE_FIELDS } from './fields.js';
import { mapGoogle, prefillGoogle, TOKEN_FORM } from './map.js';
import { googleSandbox } from './sandbox.js';
import { SANDBOX_CLIENT_EMAIL, SANDBOX_PRIVATE_KEY } from './sandbox-account.js';
import type { NotifiedUrl } from './sandbox-state.js';
import { type GoogleSettings, googleSettingsSchema } from './settings.js';

export const googleForJobsBoard = defineBoard<GoogleSettings>({
  id: 'google-for-jobs',
  label: 'Google for Jobs',
  description:
    "Google's job search: the careers advert page carries JobPosting markup, and Google's Indexing API is told when the page changes or goes (free; 200 notifications a day by default).",
  connection: { schema: googleSettingsSchema, secrets: ['privateKey'] },
  fields: GOOGLE_FIELDS,
  referenceField: 'reference',
  canClose: true,
  readsStatus: false,
  // Google reads the careers site's advert page: it must be live there before Google is told.
  precondition: (vacancy) =>
    vacancy.status === 'live'
      ? null
      : {
          code: 'not_advertised',
          message: 'Publish the vacancy on the careers site first: Google reads its advert page there',
        },
  prefill: prefillGoogle,
  check: checkGoogle,
  map: (fields) => mapGoogle(fields),
  previewRequest: previewGoogleRequest,
  client: googleClient,
  // The signed JWT travels in the token form; an access token in the token answer.
  secretNames: [TOKEN_FORM.assertion, 'access_token'],
  sandbox: {
    burstLimit: 'the Indexing API allows a new project 200 publish requests a day',
    plugin: googleSandbox,
    // The sandbox's demo service account (a published demo key, src/boards/google-for-jobs/sandbox-account.ts).
    demoSettings: (baseUrl) => ({
      clientEmail: SANDBOX_CLIENT_EMAIL,
      privateKey: SANDBOX_PRIVATE_KEY,
      // No site URL: the demo's careers site (PUBLIC_URL) is not known here, and the sandbox's
      // demo account owns every URL unless a test says otherwise.
      // The demo project's quota, as if Google had approved more than its default 200 a day, so
      // that the demo and the benchmark are not held to a day's 200 (the tests set 200 themselves).
      dailyQuota: 100_000,
      baseUrl,
    }),
    adverts: async (baseUrl) => {
      const response = await fetch(`${baseUrl}/_inspect/urls`);
      const { urls } = (await response.json()) as { urls: NotifiedUrl[] };
      return urls.map((u) => ({
        id: u.url,
        // The vacancy's reference: the last segment of the advert page's address.
        reference: decodeURIComponent(new URL(u.url).pathname.split('/').pop() ?? ''),
        status:
          u.latestRemove && (!u.latestUpdate || u.latestRemove.notifyTime >= u.latestUpdate.notifyTime)
            ? 'closed'
            : 'posted',
        createCount: u.createCount,
        body: { ...u },
      }));
    },
    sampleFields: (reference) => ({
      url: `http://localhost:3000/careers/demo/${encodeURIComponent(reference)}`,
      reference: `http://localhost:3000/careers/demo/${encodeURIComponent(reference)}#google`,
    }),
  },
});
