import { describe, expect, it } from "vitest";
import { HELPER_BUSY_SECONDS, busyStreak, defaultStepsWorkers, stepsHelperAllowed } from "@/lib/engine/steps-workers";

describe("defaultStepsWorkers", () => {
  it("is one on a machine of two cores or fewer (one steps process, no cluster primary)", () => {
    expect([1, 2].map(defaultStepsWorkers)).toEqual([1, 1]);
  });
  it("is one per core from three cores, at most eight", () => {
    expect([3, 4, 8, 16, 64].map(defaultStepsWorkers)).toEqual([3, 4, 8, 8, 8]);
  });
});

describe("the steps helper", () => {
  it("joins only on two cores, and only when the operator did not set the worker count", () => {
    expect(stepsHelperAllowed(2, undefined)).toBe(true);
    expect(stepsHelperAllowed(1, undefined)).toBe(false);
    expect(stepsHelperAllowed(4, undefined)).toBe(false);
    expect(stepsHelperAllowed(2, 1)).toBe(false);
  });
  it("is forked after HELPER_BUSY_SECONDS busy seconds in a row; a quiet second starts over", () => {
    let streak = 0;
    const seen: number[] = [];
    for (const elu of [0.9, 0.2, 0.9, 0.95, 0.3]) seen.push((streak = busyStreak(streak, elu)));
    expect(seen).toEqual([1, 0, 1, 2, 0]);
    expect(seen.indexOf(HELPER_BUSY_SECONDS)).toBe(3);
  });
});
