import { describe, expect, it } from "vitest";
import {
  HELPER_BUSY_SECONDS,
  busyStreak,
  defaultStepsWorkers,
  stepsHelperAllowed,
  stepsProcessWanted,
} from "@/lib/engine/steps-workers";

describe("where the steps run", () => {
  it("in the engine process on two cores or fewer (no steps process while idle)", () => {
    expect([1, 2].map((cores) => stepsProcessWanted(cores, undefined))).toEqual([false, false]);
  });
  it("in a steps process from three cores, or whenever the operator sets the worker count", () => {
    expect([3, 4, 64].map((cores) => stepsProcessWanted(cores, undefined))).toEqual([true, true, true]);
    expect([1, 2].map((cores) => stepsProcessWanted(cores, 1))).toEqual([true, true]);
  });
});

describe("defaultStepsWorkers", () => {
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
