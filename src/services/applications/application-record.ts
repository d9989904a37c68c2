import type { applications } from '../../db/schema.js';
import type { ApplicationSource, ApplicationStatus, CvType } from '../../domain/application.js';

export type ApplicationRow = typeof applications.$inferSelect;

/** An application as recruiters see it; where the CV lies on disk stays inside Postroom. */
export interface Application {
  id: string;
  vacancyId: string;
  name: string;
  email: string;
  phone: string;
  coverNote: string;
  cv: { type: CvType; size: number; originalName: string };
  /** The candidate agreed to the privacy notice then (the apply form requires it). */
  consentedAt: Date;
  source: ApplicationSource;
  status: ApplicationStatus;
  createdAt: Date;
}

export function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    vacancyId: row.vacancyId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    coverNote: row.coverNote,
    cv: { type: row.cvType, size: row.cvSize, originalName: row.cvOriginalName },
    consentedAt: row.consentedAt,
    source: { kind: row.sourceKind, label: row.sourceLabel, postingId: row.postingId },
    status: row.status,
    createdAt: row.createdAt,
  };
}
