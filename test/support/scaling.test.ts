/** The growth check of test/support/scaling.ts tells linear work from quadratic work, whatever the machine's load. */
import { TENFOLD_LIMIT, tenfoldGrowth, tenfoldGrowthAsync } from './scaling';

/** Sums `rows` numbers `passes(rows)` times; the result is returned so the work cannot be optimised away. */
const work = (passes: (rows: number) => number) => (rows: number) => {
  const data = Array.from({ length: rows }, (_, i) => i % 7);
  return () => {
    let sum = 0;
    for (let p = passes(rows); p > 0; p--) for (let i = 0; i < data.length; i++) sum += data[i]!;
    return sum;
  };
};

test('linear work stays under the limit and the result is the job\'s at full size', () => {
  // 100 passes over the rows: enough work at a tenth of the rows to stand clear of the clock's resolution.
  const { growth, result } = tenfoldGrowth(work(() => 100), 200_000);
  expect(growth).toBeLessThan(TENFOLD_LIMIT);
  expect(result).toBe(100 * Array.from({ length: 200_000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0));
});

test('quadratic work goes over it', () => {
  const { growth, costs } = tenfoldGrowth(work((rows) => rows / 10), 40_000);
  expect(growth).toBeGreaterThan(TENFOLD_LIMIT);
  expect(costs[2]).toBeGreaterThan(costs[1]);
});

test('the async form measures the same', async () => {
  const async = (passes: (rows: number) => number) => async (rows: number) => {
    const job = work(passes)(rows);
    return async () => job();
  };
  expect((await tenfoldGrowthAsync(async(() => 100), 200_000)).growth).toBeLessThan(TENFOLD_LIMIT);
  expect((await tenfoldGrowthAsync(async((rows) => rows / 10), 40_000)).growth).toBeGreaterThan(TENFOLD_LIMIT);
});
