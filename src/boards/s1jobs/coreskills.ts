import { CORE_SKILLS } from './coreskills-data.js';

/**
 * The s1jobs / x1jobs core skill list (spec "Coreskill/Specialism data", document version 01-2022),
 * shipped with Postroom: `coreskills.tsv` is the source, `coreskills-data.ts` is generated from it
 * by `scripts/generate-s1jobs-coreskills.mjs`. Values are case-sensitive, as the board compares them.
 */
export { CORE_SKILLS };

/** Every core skill, in the order of the board's list. */
export const CORE_SKILL_NAMES: readonly string[] = Object.keys(CORE_SKILLS);

// A specialism name can appear under several core skills ("Management" has five): the board relates
// each of those rows to one core skill, so a name alone does not always tell its core skill.
const coreSkillsBySpecialism = new Map<string, string[]>();
for (const [coreSkill, specialisms] of Object.entries(CORE_SKILLS)) {
  for (const specialism of specialisms) {
    const owners = coreSkillsBySpecialism.get(specialism) ?? [];
    owners.push(coreSkill);
    coreSkillsBySpecialism.set(specialism, owners);
  }
}

/** True when `value` is exactly (case included) one of the board's core skills. */
export function isCoreSkill(value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(CORE_SKILLS, value);
}

/** The specialisms the board relates to `coreSkill` (empty for an unknown core skill or one without any). */
export function specialismsOf(coreSkill: string): readonly string[] {
  return isCoreSkill(coreSkill) ? (CORE_SKILLS[coreSkill] ?? []) : [];
}

/** True when `specialism` is one the board relates to `coreSkill`. */
export function belongsTo(specialism: string, coreSkill: string): boolean {
  return specialismsOf(coreSkill).includes(specialism);
}

/**
 * The core skill a specialism belongs to, when the name tells it: `undefined` for an unknown
 * specialism and for a name listed under several core skills (see {@link coreSkillsOfSpecialism}).
 */
export function coreSkillOfSpecialism(specialism: string): string | undefined {
  const owners = coreSkillsOfSpecialism(specialism);
  return owners.length === 1 ? owners[0] : undefined;
}

/** Every core skill that lists `specialism`, in list order (empty when no core skill does). */
export function coreSkillsOfSpecialism(specialism: string): readonly string[] {
  return coreSkillsBySpecialism.get(specialism) ?? [];
}
