/*
 * The Teaching Vacancies sandbox's organisations, API keys and vacancies (boards/teaching-vacancies.md,
 * "What the sandbox must do"). Written from the contract, never from the adapter.
 */

export interface SandboxSchool {
  urn: string;
  name: string;
  phase: string;
  /** GIAS "detailed type": some may not post, FE colleges are never matched. */
  detailedType: string;
  trustUid?: string;
}
export interface SandboxTrust {
  uid: string;
  name: string;
}

export const SANDBOX_TRUSTS: readonly SandboxTrust[] = [{ uid: '16644', name: 'Oakfield Learning Trust' }];
export const SANDBOX_SCHOOLS: readonly SandboxSchool[] = [
  {
    urn: '137138',
    name: 'Oakfield Primary Academy',
    phase: 'primary',
    detailedType: 'Academy converter',
    trustUid: '16644',
  },
  {
    urn: '137139',
    name: 'Oakfield High School',
    phase: 'secondary',
    detailedType: 'Academy sponsor led',
    trustUid: '16644',
  },
  { urn: '100000', name: 'Riverside Community School', phase: 'secondary', detailedType: 'Community school' },
  { urn: '100001', name: 'Hill House School', phase: 'through', detailedType: 'Other independent school' },
  { urn: '130400', name: 'Town College', phase: 'sixth_form_or_college', detailedType: 'Further education' },
];

/** The built-in API clients: one key each (40 hex characters). */
export const SANDBOX_KEYS = {
  demo: '4f1c2d3e4b5a69788796a5b4c3d2e1f001234567',
  other: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
} as const;

export interface SandboxVacancy {
  id: string;
  /** The API client that created it; null for one the school posted itself in TV. */
  client: string | null;
  /** The organisations it is posted for: school URNs, or `trust:<uid>` for a trust's central office. */
  organisations: string[];
  /** The vacancy object's stored attributes (wire keys, as the board keeps them). */
  attributes: Record<string, unknown>;
  expiresAt: Date;
  publishOn: string;
  deleted: boolean;
  createCount: number;
  createdAt: Date;
}

export class SandboxState {
  readonly vacancies = new Map<string, SandboxVacancy>();
  /** API key -> client name; rotation replaces a key. */
  readonly keys = new Map<string, string>([
    [SANDBOX_KEYS.demo, 'Postroom demo ATS'],
    [SANDBOX_KEYS.other, 'Another ATS'],
  ]);
  private counter = 0;

  newId(): string {
    this.counter += 1;
    const hex = this.counter.toString(16).padStart(12, '0');
    return `9b1e6c2a-5d4f-4c3b-8a7e-${hex}`;
  }

  /** Non-deleted vacancies of this client, newest `publish_on` first. */
  listed(client: string): SandboxVacancy[] {
    return [...this.vacancies.values()]
      .filter((v) => v.client === client && !v.deleted)
      .sort(
        (a, b) => b.publishOn.localeCompare(a.publishOn) || b.createdAt.getTime() - a.createdAt.getTime(),
      );
  }

  /** The key's client now gets a new key; the old one fails at once. */
  rotate(oldKey: string, newKey: string): boolean {
    const client = this.keys.get(oldKey);
    if (!client) return false;
    this.keys.delete(oldKey);
    this.keys.set(newKey, client);
    return true;
  }
}

/** Vacancies "posted by the school itself" in TV: invisible to every key, there to clash with. */
export function seedSchoolVacancies(
  state: SandboxState,
  expiresAt: Date,
  expiresText: string,
  today: string,
) {
  const id = state.newId();
  state.vacancies.set(id, {
    id,
    client: null,
    organisations: ['100000'],
    attributes: {
      job_title: 'Teacher of Science',
      job_advert: 'Posted by the school in Teaching Vacancies.',
      salary: 'MPS/UPS',
      expires_at: expiresText,
      contract_type: 'permanent',
      working_patterns: ['full_time'],
      phases: ['secondary'],
      job_roles: ['teacher'],
      external_reference: null,
    },
    expiresAt,
    publishOn: today,
    deleted: false,
    createCount: 1,
    createdAt: new Date(),
  });
}
