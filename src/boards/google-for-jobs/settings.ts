import { z } from 'zod';
import { DEFAULT_DAILY_QUOTA } from './quota.js';

export const GOOGLE_API_BASE_HELP =
  'https://indexing.googleapis.com for the Indexing API, https://oauth2.googleapis.com/token for tokens';

/**
 * The key as PEM, however it was pasted: copied out of the JSON file with its `\n` escapes, or
 * through a one-line field that dropped the line breaks. The same key in, the same PEM out.
 */
export function normalisePem(text: string): string {
  const match = /-----BEGIN ((?:RSA )?PRIVATE KEY)-----([\s\S]*?)-----END \1-----/.exec(
    text.replace(/\\n/g, '\n'),
  );
  if (!match) return text.trim();
  const body = (match[2] ?? '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${match[1]}-----`, ...lines, `-----END ${match[1]}-----`].join('\n');
}

export const googleSettingsSchema = z
  .object({
    clientEmail: z
      .email({ error: "Enter the service account's e-mail address (client_email in its JSON key file)" })
      .describe('The service account\'s e-mail address: "client_email" in its JSON key file'),
    privateKey: z
      .string({ error: 'Paste the private key ("private_key" in the JSON key file)' })
      .transform(normalisePem)
      .pipe(
        z
          .string()
          .regex(
            /^-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+-----END (?:RSA )?PRIVATE KEY-----$/,
            'Paste the whole private key from the JSON key file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----',
          ),
      )
      .describe('The service account\'s private key: "private_key" in its JSON key file (write-only)'),
    siteUrl: z
      .url({ protocol: /^https?$/, error: 'Site URL must be an address like https://jobs.example.org/' })
      .optional()
      .describe(
        'The careers site as verified in Search Console (the URL-prefix property the service account owns); when given, an advert URL that does not start with it is refused before anything is sent',
      ),
    dailyQuota: z
      .number({ error: 'Daily quota must be a number' })
      .int('Daily quota must be a whole number')
      .min(1, 'Daily quota must be at least 1')
      .max(1_000_000, 'Daily quota must be at most 1,000,000')
      .default(DEFAULT_DAILY_QUOTA)
      .describe(
        `Publish requests Google allows the Cloud project a day (default ${DEFAULT_DAILY_QUOTA}); raise it only after Google approves more`,
      ),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'Base URL must be an http:// or https:// address' })
      .optional()
      .describe(
        `Override of Google's addresses (${GOOGLE_API_BASE_HELP}): the Indexing API at <base URL>/v3/… and tokens at <base URL>/token; only to one the operator allows in POSTROOM_BOARD_URL_ALLOW or this server's sandbox at <Postroom>/sandbox/google-for-jobs; changing it needs the private key again`,
      ),
  })
  .strict();

export type GoogleSettings = z.output<typeof googleSettingsSchema>;
