// Telegram against a local fake of the Bot API: the token goes in the URL path (only at send time:
// never in the recorded input or an error), Telegram's error description reaches the step, and a
// flood limit (429 with parameters.retry_after, no Retry-After header) is retried after that wait:
// in the step's error, and in the retry the real engine's executor schedules.
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { engineOnClock } from "../support/engine-harness";
import { failure, publishAppFlow, runAppNode, runRetriedOnce, withFakeVendor } from "../support/fakes/app-test";
import { floodLimit, startFakeTelegram, TELEGRAM_TOKEN } from "../support/fakes/telegram";

const vendor = withFakeVendor("telegram", startFakeTelegram, { token: TELEGRAM_TOKEN });

const send = (c: Record<string, unknown> = {}) =>
  runAppNode(
    "app:telegram.sendMessage",
    { credentialId: vendor.ws.credentialId, chatId: "-1001234567890", text: "New order #1001", ...c },
    vendor.ws,
  );

describe("Telegram: send a message", () => {
  it("POST /bot<token>/sendMessage with chat_id and text; the token only in the path", async () => {
    const { input, output } = await send({ parseMode: "HTML" });
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe(`POST /bot${TELEGRAM_TOKEN}/sendMessage`);
    expect(req.json).toEqual({ chat_id: "-1001234567890", text: "New order #1001", parse_mode: "HTML" });
    expect(output).toEqual({ messageId: 42, chatId: -1001234567890, date: 1765000000 });
    expect(JSON.stringify(input)).not.toContain(TELEGRAM_TOKEN);
  });

  it("Telegram's description in a permanent error, without the token; 429 retried after retry_after", async () => {
    const err = await failure(send({ chatId: "999" }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Bad Request: chat not found");
    expect(`${err.message}${err.stack}`).not.toContain(TELEGRAM_TOKEN);
    vendor.fake.failNext(/sendMessage$/, floodLimit(5));
    const limited = await failure(send());
    expect(limited).toBeInstanceOf(RetryLaterError);
    expect((limited as RetryLaterError).retryAfterMs).toBe(5000);
    expect((await send()).output).toMatchObject({ messageId: 42 });
  });

  it("a field cannot spell the token's placeholder into the path", async () => {
    const err = await failure(send({ chatId: "999", text: "{token}" }));
    expect(err.message).not.toContain(TELEGRAM_TOKEN);
    expect(vendor.fake.requests.at(-1)!.json).toMatchObject({ text: "{token}" });
  });
});

describe("Telegram: a flood limit in a run", () => {
  // The executor's clock, moved past the wait instead of sleeping through it.
  const { clock, engine } = engineOnClock();

  it("the executor schedules the step's retry retry_after seconds on, and the retry sends the message", async () => {
    // Longer than the executor's own first backoff (10 s ± 20 %), so only the body's wait explains it.
    const RETRY_AFTER = 30;
    const { flowId, hookPath } = await publishAppFlow(vendor.ws.workspaceId, "app:telegram.sendMessage", {
      credentialId: vendor.ws.credentialId,
      chatId: "-1001234567890",
      text: "Order {{ trigger.body.order }}",
    });
    vendor.fake.failNext(/sendMessage$/, floodLimit(RETRY_AFTER));
    const calls = vendor.fake.calls().length;
    const sentAt = clock.now();
    expect((await engine().post(hookPath, JSON.stringify({ order: 1002 }))).status).toBe(202);
    const { run: done, attempts: steps } = await runRetriedOnce(flowId, clock, (retryAt) => {
      expect(retryAt - sentAt).toBeGreaterThanOrEqual(RETRY_AFTER * 1000);
      expect(vendor.fake.calls().length - calls).toBe(1);
    });
    expect(done.status).toBe("succeeded");
    expect(vendor.fake.calls().slice(calls)).toEqual([
      `POST /bot${TELEGRAM_TOKEN}/sendMessage`,
      `POST /bot${TELEGRAM_TOKEN}/sendMessage`,
    ]);
    expect(vendor.fake.requests.at(-1)!.json).toMatchObject({ text: "Order 1002" });
    expect(steps.map((s) => [s.attempt, s.status])).toEqual([
      [0, "failed"],
      [1, "succeeded"],
    ]);
    expect(steps[0]!.error).toContain(`Too Many Requests: retry after ${RETRY_AFTER}`);
  });
});
