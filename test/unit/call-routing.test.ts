// The rule that splits the executor's calls between its own endpoint and the steps helper.
import { describe, expect, it } from "vitest";
import { callTarget, OWN_SHARE_DIVISOR } from "@/lib/executor/call-routing";

/** Starts `n` calls at once (none returns meanwhile), as a lease of n jobs does; the endpoints they went to. */
function startAtOnce(n: number, own = 0, helper = 0) {
  for (let i = 0; i < n; i++) {
    if (callTarget(own, helper) === "own") own++;
    else helper++;
  }
  return { own, helper };
}

describe("callTarget", () => {
  it("sends one call at a time to the own endpoint (a tie is the own endpoint's)", () => {
    expect(callTarget(0, 0)).toBe("own");
    // light traffic: each call returns before the next starts
    for (let i = 0; i < 10; i++) expect(startAtOnce(1)).toEqual({ own: 1, helper: 0 });
  });

  it("gives the own endpoint about a third of a burst, the helper the rest", () => {
    const { own, helper } = startAtOnce(90);
    expect(OWN_SHARE_DIVISOR).toBe(2);
    expect(own).toBe(30);
    expect(helper).toBe(60);
  });

  it("sends new calls to the helper while the own endpoint is slow to answer", () => {
    // The engine's endpoint still has 10 calls in flight (its executor kept it busy), the helper 4.
    expect(startAtOnce(16, 10, 4)).toEqual({ own: 10, helper: 20 });
  });
});
