import fc from 'fast-check';
import { criticalPaths, MAX_CRITICAL_PATHS } from './critical-path';

/** A random DAG: step i may run after any earlier step, each with an SLA of 1..5 working days. */
const dags = fc.integer({ min: 1, max: 9 }).chain((size) =>
  fc
    .tuple(
      ...Array.from({ length: size }, (_, index) =>
        fc.record({
          after: fc.subarray(Array.from({ length: index }, (_, earlier) => `s${earlier}`)),
          days: fc.integer({ min: 1, max: 5 }),
        }),
      ),
    )
    .map((specs) =>
      specs.map((spec, index) => ({ id: `s${index}`, after: spec.after, sla: { workingDays: spec.days } })),
    ),
);

describe('criticalPaths', () => {
  it('names both of two equally long chains', () => {
    const result = criticalPaths([
      { id: 'a', after: [], sla: { workingDays: 2 } },
      { id: 'b', after: ['a'], sla: { workingDays: 3 } },
      { id: 'c', after: ['a'], sla: { workingDays: 3 } },
      { id: 'd', after: [], sla: { workingDays: 4 } },
    ]);
    expect(result).toEqual({
      workingDays: 5,
      paths: [
        ['a', 'b'],
        ['a', 'c'],
      ],
      truncated: false,
    });
  });

  it('lists only whole dependency chains of the maximum length, every one of them', () => {
    fc.assert(
      fc.property(dags, (steps) => {
        const byId = new Map(steps.map((step) => [step.id, step]));
        const result = criticalPaths(steps);
        // Brute force: the longest chain ending at each step.
        const longest = new Map<string, number>();
        for (const step of steps)
          longest.set(
            step.id,
            step.sla.workingDays + Math.max(0, ...step.after.map((id) => longest.get(id)!)),
          );
        expect(result.workingDays).toBe(Math.max(...longest.values()));
        expect(result.paths.length).toBeGreaterThan(0);
        for (const path of result.paths) {
          expect(byId.get(path[0])!.after).toEqual([]);
          path.slice(1).forEach((id, index) => expect(byId.get(id)!.after).toContain(path[index]));
          expect(path.reduce((sum, id) => sum + byId.get(id)!.sla.workingDays, 0)).toBe(result.workingDays);
        }
        expect(new Set(result.paths.map((path) => path.join())).size).toBe(result.paths.length);
        if (!result.truncated) {
          const count = (id: string): number => {
            const step = byId.get(id)!;
            const before = longest.get(id)! - step.sla.workingDays;
            const through = step.after.filter((dependency) => longest.get(dependency) === before);
            return through.length === 0 ? 1 : through.reduce((sum, dependency) => sum + count(dependency), 0);
          };
          const ends = steps.filter((step) => longest.get(step.id) === result.workingDays);
          expect(result.paths.length).toBe(ends.reduce((sum, step) => sum + count(step.id), 0));
        } else expect(result.paths.length).toBe(MAX_CRITICAL_PATHS);
      }),
      { numRuns: 300 },
    );
  });
});
