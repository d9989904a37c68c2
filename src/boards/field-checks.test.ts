import { describe, expect, it } from 'vitest';
import type { BoardField } from './board.js';
import {
  type CheckMessages,
  checkDeclaredFields,
  countCharacters,
  countWords,
  frozenFieldIssues,
  measuredLength,
} from './field-checks.js';

const MESSAGES: CheckMessages = {
  required: (f) => `${f.label} is required`,
  length: (f, n) => `${f.label} is ${n} characters`,
  words: (f, n) => `${f.label} is ${n} words`,
  notAnOption: (f, v) => `${f.label}: ${String(v)} is not an option`,
  wrongType: (f) => `${f.label} is the wrong type`,
};

const SKILLS: BoardField = {
  key: 'skills',
  label: 'Skills',
  type: 'list',
  maxItems: 2,
  minLength: 1,
  maxLength: 5,
};
const TITLE: BoardField = { key: 'title', label: 'Title', type: 'text', required: true, maxLength: 3 };

describe('counting as a person counts', () => {
  it('counts code points of the trimmed, NFC text, a line break of any kind as one', () => {
    expect(countCharacters('  café  ')).toBe(4);
    expect(countCharacters('cafe\u0301')).toBe(4);
    expect(countCharacters('😀😀')).toBe(2);
    expect(countCharacters('a\r\nb\rc\nd')).toBe(7);
  });

  it('counts the words and characters a reader sees in HTML, blocks apart', () => {
    expect(countWords('<table><tr><td>one</td><td>two</td></tr></table>')).toBe(2);
    expect(countWords('<b>bo</b>ld')).toBe(1);
    const html: BoardField = { key: 'd', label: 'D', type: 'html' };
    expect(measuredLength(html, '<p>fish &amp; chips</p>')).toBe(12);
    expect(measuredLength({ ...html, lengthOf: 'sent' }, '<p>ab</p>')).toBe(9);
  });
});

describe('checkDeclaredFields', () => {
  it('checks each item of a list as a text of its own, named by its place', () => {
    expect(checkDeclaredFields([SKILLS], { skills: ['ok', ' ', 'toolong', 3] }, MESSAGES)).toEqual([
      { field: 'skills', message: 'Skills: at most 2 items', severity: 'error' },
      { field: 'skills.1', message: 'Skills (item 2) is 0 characters', severity: 'error' },
      { field: 'skills.2', message: 'Skills (item 3) is 7 characters', severity: 'error' },
      { field: 'skills.3', message: 'Skills (item 4) is the wrong type', severity: 'error' },
    ]);
    expect(checkDeclaredFields([SKILLS], { skills: 'one' }, MESSAGES)).toEqual([
      { field: 'skills', message: 'Skills is the wrong type', severity: 'error' },
    ]);
    expect(checkDeclaredFields([SKILLS], { skills: [] }, MESSAGES)).toEqual([]);
  });

  it("words unknown keys and long lists in the board's voice when it gives them", () => {
    const own: CheckMessages = {
      ...MESSAGES,
      unknown: (key) => `${key} is not ours`,
      tooManyItems: (f, n) => `${f.label} has ${n} items`,
    };
    expect(checkDeclaredFields([SKILLS], { skills: ['a', 'b', 'c'], extra: 1 }, own)).toEqual([
      { field: 'extra', message: 'extra is not ours', severity: 'error' },
      { field: 'skills', message: 'Skills has 3 items', severity: 'error' },
    ]);
    expect(checkDeclaredFields([TITLE], { title: 'x', extra: 1 }, MESSAGES)).toEqual([
      { field: 'extra', message: 'Unknown field "extra"', severity: 'error' },
    ]);
  });

  it('reports a missing required field once, and a too-long text with its length', () => {
    expect(checkDeclaredFields([TITLE], { title: '  ' }, MESSAGES)).toEqual([
      { field: 'title', message: 'Title is required', severity: 'error' },
    ]);
    expect(checkDeclaredFields([TITLE], { title: 'abcd' }, MESSAGES)).toEqual([
      { field: 'title', message: 'Title is 4 characters', severity: 'error' },
    ]);
  });
});

describe('frozenFieldIssues', () => {
  const fields: BoardField[] = [
    { key: 'sector', label: 'Sector', type: 'text', fixedOnceSent: true },
    { key: 'kind', label: 'Kind', type: 'select', fixedOnceSent: true },
    { key: 'title', label: 'Title', type: 'text' },
  ];
  const previous = { sector: '12', kind: 'a', title: 'Nurse' };

  it('is an error on each frozen field that changed, and only on those', () => {
    expect(
      frozenFieldIssues(fields, { sector: '13', kind: 'a', title: 'Ward nurse' }, previous, 'Board'),
    ).toEqual([
      {
        field: 'sector',
        severity: 'error',
        message: 'Sector cannot change once the advert is on Board; close it and post it again to change it',
      },
    ]);
  });

  it('treats a cleared field as a change, and an absent one as empty', () => {
    expect(frozenFieldIssues(fields, { sector: '12' }, previous, 'Board').map((i) => i.field)).toEqual([
      'kind',
    ]);
    expect(frozenFieldIssues(fields, { sector: '12', kind: null }, { sector: '12' }, 'Board')).toEqual([]);
  });

  it('says nothing for a new posting (no fields accepted yet)', () => {
    expect(frozenFieldIssues(fields, { sector: '99' }, undefined, 'Board')).toEqual([]);
  });
});
