// The request log's run column: a delivery whose run is still a request (the dispatcher creates
// it when the executor has room) is shown as queued, without a run id to link to.
import { describe, expect, it } from "vitest";
import { deliverySummary } from "@/lib/deliveries/to-dto";

const line = {
  id: "dlv_1",
  kind: "live",
  method: "POST",
  receivedAt: new Date(0),
  sourceIp: null,
  size: 2,
  verdict: "accepted",
  reason: null,
  eventType: null,
  identity: null,
};

describe("deliverySummary: the delivery's run", () => {
  it("a created run: its id and status", () => {
    expect(deliverySummary({ ...line, runs: [{ id: "run_1", status: "running" }], runRequest: null })).toMatchObject({
      runId: "run_1",
      runStatus: "running",
    });
  });
  it("a run requested, not created yet: queued, no id", () => {
    expect(deliverySummary({ ...line, runs: [], runRequest: { deliveryId: "dlv_1" } })).toMatchObject({
      runId: null,
      runStatus: "queued",
    });
  });
  it("no run (a duplicate, a filtered delivery): none", () => {
    expect(deliverySummary({ ...line, verdict: "duplicate", runs: [], runRequest: null })).toMatchObject({
      runId: null,
      runStatus: null,
    });
  });
});
