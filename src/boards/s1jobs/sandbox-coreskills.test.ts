import { describe, expect, it } from 'vitest';
import { CORE_SKILLS } from './coreskills.js';
import { knownCoreSkill, SANDBOX_CORE_SKILLS, specialismsOfCoreSkill } from './sandbox-coreskills.js';

// Two readings of the board's list: the adapter's (coreskills.tsv, generated into coreskills-data.ts)
// and the sandbox's own copy. A core skill or specialism mistyped on either side fails here.
describe("the sandbox's own copy of the core skill list", () => {
  it('holds 36 core skills and 377 specialisms, as the board document says', () => {
    expect(SANDBOX_CORE_SKILLS.size).toBe(36);
    expect([...SANDBOX_CORE_SKILLS.values()].reduce((sum, list) => sum + list.length, 0)).toBe(377);
  });

  it("agrees with the adapter's list, core skill by core skill, in the same order", () => {
    expect(Object.fromEntries(SANDBOX_CORE_SKILLS)).toEqual(CORE_SKILLS);
    expect([...SANDBOX_CORE_SKILLS.keys()]).toEqual(Object.keys(CORE_SKILLS));
  });

  it('compares exactly, case included, and knows nothing of the prototype', () => {
    expect(knownCoreSkill('Legal')).toBe(true);
    expect(knownCoreSkill('legal')).toBe(false);
    expect(knownCoreSkill('toString')).toBe(false);
    expect(specialismsOfCoreSkill('Customer Services')).toEqual([]);
    expect(specialismsOfCoreSkill('Accountancy')).toContain('Audit');
  });
});
