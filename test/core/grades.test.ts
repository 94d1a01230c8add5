import { SCALE_PRESETS, gradeOf, scaleProblems } from '../../src/core/grades';

const aichi = SCALE_PRESETS['愛知型'];

describe('gradeOf (愛知型)', () => {
  test.each([
    [3.07, 'A'], [1, 'A'], [0.9999999999999, 'A'], [0.99, 'B'], [0.8, 'B'], [0.7999, 'C'],
    [0.575, 'C'], [0.5, 'C'], [0.4999, 'D'], [0, 'D'], [-1.67, 'D'],
  ])('%d → %s', (rate, grade) => expect(gradeOf(rate, aichi).grade).toBe(grade));

  test('a bound reached through float division still counts', () => {
    expect(gradeOf((108 - 100) / (110 - 100), aichi).grade).toBe('B'); // 0.8 computed as 0.7999999999999998
  });
});

test('other presets use their own bounds', () => {
  expect(gradeOf(1.05, SCALE_PRESETS['110%型']).grade).toBe('B');
  expect(gradeOf(1.1, SCALE_PRESETS['110%型']).grade).toBe('A');
  expect(gradeOf(0.8, SCALE_PRESETS['90/75型']).grade).toBe('B');
  expect(gradeOf(0.7, SCALE_PRESETS['90/75型']).grade).toBe('C');
});

describe('scaleProblems', () => {
  test('presets are valid', () => {
    for (const s of Object.values(SCALE_PRESETS)) expect(scaleProblems(s)).toEqual([]);
  });
  test.each([
    [[{ grade: 'A', label: '', min: null }], /2つ以上/],
    [[{ grade: 'A', label: '', min: 1 }, { grade: 'A', label: '', min: null }], /重複/],
    [[{ grade: 'A', label: '', min: 0.5 }, { grade: 'B', label: '', min: 0.8 }, { grade: 'C', label: '', min: null }], /小さく/],
    [[{ grade: 'A', label: '', min: null }, { grade: 'B', label: '', min: null }], /下限がありません/],
    [[{ grade: 'A', label: '', min: 1 }, { grade: 'B', label: '', min: 0.5 }], /最後/],
  ])('rejects a broken scale %#', (scale, message) => {
    expect(scaleProblems(scale).join('\n')).toMatch(message);
  });
});
