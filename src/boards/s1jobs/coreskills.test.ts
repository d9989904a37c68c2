import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  belongsTo,
  CORE_SKILL_NAMES,
  CORE_SKILLS,
  coreSkillOfSpecialism,
  coreSkillsOfSpecialism,
  isCoreSkill,
  specialismsOf,
} from './coreskills.js';

describe('the shipped s1jobs core skill list', () => {
  it('holds the board’s 36 core skills and 377 specialisms', () => {
    expect(CORE_SKILL_NAMES).toHaveLength(36);
    expect(Object.values(CORE_SKILLS).reduce((sum, list) => sum + list.length, 0)).toBe(377);
  });

  it('is generated from coreskills.tsv as it stands (run scripts/generate-s1jobs-coreskills.mjs after editing it)', () => {
    const rows = readFileSync(new URL('./coreskills.tsv', import.meta.url), 'utf8')
      .replace(/\n$/, '')
      .split('\n')
      .slice(1)
      .map((row) => row.split('\t'));
    const fromTsv: Record<string, string[]> = {};
    for (const [coreSkill = '', specialism = ''] of rows) {
      fromTsv[coreSkill] ??= [];
      if (specialism) fromTsv[coreSkill].push(specialism);
    }
    expect(CORE_SKILLS).toEqual(fromTsv);
    expect(CORE_SKILL_NAMES).toEqual(Object.keys(fromTsv));
  });

  it('compares core skills exactly, case included', () => {
    expect(isCoreSkill('Accountancy')).toBe(true);
    expect(isCoreSkill('accountancy')).toBe(false);
    expect(isCoreSkill('Accountancy ')).toBe(false);
    expect(isCoreSkill('toString')).toBe(false);
    expect(isCoreSkill(42)).toBe(false);
  });

  it('gives the specialisms of a core skill, none for one without any or an unknown one', () => {
    expect(specialismsOf('Legal')).toContain('Paralegal/legal executive');
    expect(specialismsOf('Customer Services')).toEqual([]);
    expect(specialismsOf('Astronautics')).toEqual([]);
    expect(belongsTo('Audit', 'Accountancy')).toBe(true);
    expect(belongsTo('Audit', 'Legal')).toBe(false);
  });

  it('tells the core skill of a specialism only when its name is listed under one core skill', () => {
    expect(coreSkillOfSpecialism('Audit')).toBe('Accountancy');
    expect(coreSkillOfSpecialism('Nothing like it')).toBeUndefined();
    expect(coreSkillOfSpecialism('Sales Manager')).toBeUndefined();
    expect(coreSkillsOfSpecialism('Sales Manager')).toEqual(['Retail', 'Sales']);
  });
});
