// @vitest-environment jsdom
// A run that processed a stale event (the stale-event guard's "run flagged" setting) says so in the
// run list's badge and on the run page: "stale", with the explanation naming the object as the
// tooltip and as text for screen readers; runs of fresh events show nothing.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { RunOverview } from "@/components/runs/run-overview";
import { StaleEventBadge } from "@/components/runs/stale-event-badge";
import type { RunDetail } from "@/lib/api/dto";

afterEach(cleanup);

const run = (staleEvent: RunDetail["run"]["staleEvent"]): RunDetail["run"] => ({
  id: "run_0000000001abcdefghijkl",
  flowId: "flw_1",
  flowName: "Invoices",
  status: "succeeded",
  version: 3,
  eventType: "invoice.updated",
  deliveryId: "dlv_0000000001abcdefghijkl",
  error: null,
  createdAt: "2026-12-06T10:00:00.000Z",
  startedAt: "2026-12-06T10:00:00.100Z",
  finishedAt: "2026-12-06T10:00:00.400Z",
  durationMs: 300,
  staleEvent,
});

describe("the stale-event badge", () => {
  it("says stale, naming the object in its tooltip and its screen-reader text", () => {
    render(<StaleEventBadge staleEvent={{ objectId: "in_1MtHbELkdIwHu7ix" }} />);
    const badge = screen.getByTestId("stale-event-badge");
    const explanation =
      "An older event than one already accepted for in_1MtHbELkdIwHu7ix; the stale-event guard flagged it and ran it anyway.";
    expect(badge.getAttribute("title")).toBe(explanation);
    expect(badge.textContent).toBe(`stale: ${explanation}`);
    expect(badge.querySelector(".sr-only")?.textContent).toBe(`: ${explanation}`);
  });

  it("says 'the same object' when the object's id cannot be read", () => {
    render(<StaleEventBadge staleEvent={{ objectId: null }} />);
    expect(screen.getByTestId("stale-event-badge").getAttribute("title")).toMatch(
      /^An older event than one already accepted for the same object;/,
    );
  });

  it("shows nothing for a run of a fresh event", () => {
    const { container } = render(
      <>
        <StaleEventBadge staleEvent={null} />
        <StaleEventBadge staleEvent={undefined} />
      </>,
    );
    expect(container.innerHTML).toBe("");
  });
});

describe("the run page's overview", () => {
  it("shows the badge and the explanation beside the status of a stale event's run", () => {
    render(<RunOverview run={run({ objectId: "in_1" })} />);
    expect(screen.getByTestId("run-status").textContent).toBe("succeeded");
    expect(screen.getByTestId("stale-event-badge").getAttribute("title")).toMatch(/already accepted for in_1;/);
    expect(screen.getByTestId("stale-event-note").textContent).toMatch(
      /^An older event than one already accepted for in_1;/,
    );
  });

  it("shows neither for a fresh event's run", () => {
    render(<RunOverview run={run(null)} />);
    expect(screen.queryByTestId("stale-event-badge")).toBeNull();
    expect(screen.queryByTestId("stale-event-note")).toBeNull();
  });
});
