import { z } from 'zod';
import { emailSchema } from '../../domain/vacancy.js';

const timestamp = z.iso.datetime().describe('ISO 8601 time, UTC');

export const subjectBodySchema = z.object({ email: emailSchema('E-mail') }).strict();

export const retentionPreviewSchema = z.object({
  items: z.array(
    z.object({
      vacancyId: z.uuid(),
      reference: z.string(),
      title: z.string(),
      eraseFrom: timestamp.describe('When retention erases these applications (unless held)'),
      applications: z.number().int().describe('Applications not yet erased'),
      legalHoldReason: z.string().nullable().describe('A legal hold stops the erasure while set'),
    }),
  ),
});

export const legalHoldBodySchema = z
  .object({
    reason: z
      .string({ error: 'Give the reason for the hold, or null to lift it' })
      .trim()
      .min(1, 'Give the reason for the hold')
      .max(500, 'The reason must be 500 characters or fewer')
      .nullable(),
  })
  .strict();

export const legalHoldResponseSchema = z.object({
  vacancyId: z.uuid(),
  legalHoldReason: z.string().nullable(),
});

const counts = {
  applications: z.number().int(),
  cvFiles: z.number().int(),
  activityEntries: z.number().int(),
  mails: z.number().int(),
};

export const erasureCountsSchema = z.object(counts);

export const erasuresSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(['retention', 'request']),
      rule: z.string(),
      actorLabel: z.string(),
      at: timestamp,
      ...counts,
    }),
  ),
});

export const subjectDataSchema = z.object({
  email: z.string(),
  applications: z.array(
    z.object({
      id: z.uuid(),
      vacancy: z.object({ id: z.uuid(), reference: z.string(), title: z.string() }),
      name: z.string(),
      email: z.string(),
      phone: z.string(),
      coverNote: z.string(),
      source: z.string(),
      createdAt: timestamp,
      cv: z.object({
        fileName: z.string(),
        type: z.string(),
        size: z.number().int(),
        base64: z.string().nullable().optional().describe('The file, in the export only; null when missing'),
      }),
    }),
  ),
  activity: z.array(
    z.object({
      id: z.number().int(),
      subjectType: z.string(),
      subjectId: z.uuid(),
      action: z.string(),
      actor: z.string(),
      changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
      at: timestamp,
    }),
  ),
  mails: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      status: z.string(),
      createdAt: timestamp,
    }),
  ),
});
