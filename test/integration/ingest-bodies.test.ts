// Request bodies by content type, end to end: JSON and form fields parsed, XML parsed without
// entity expansion, anything else kept as the exact bytes received; a malformed or too deeply
// nested JSON body and a body over the flow's size limit are stored and refused, never run.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEngine } from "../support/engine-harness";
import { deliveryRow, expectStored, finishedRun, send, webhookFlow } from "../support/ingest-helpers";
import { stripeLikeEvent } from "../support/payloads";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const type = (contentType: string) => ({ "content-type": contentType });

/** A billion-laughs document: &lol9; would expand to 10^9 "lol"s (3 GB). */
function billionLaughs() {
  let entities = '<!ENTITY lol "lol">';
  for (let i = 1; i <= 9; i++) entities += `<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?>\n<!DOCTYPE lolz [${entities}]>\n<lolz><id>&lol9;</id></lolz>`;
}

describe(`delivery bodies (${inject("database")})`, () => {
  it("JSON: parsed for the flow, the exact bytes stored", async () => {
    const { live } = await webhookFlow({ requiredFields: ["data.object.amount"] });
    const body = JSON.stringify(stripeLikeEvent(4200), null, 2);
    const a = await send(engine, live, body, type("application/json; charset=utf-8"));
    const row = await expectStored(a, 202, "accepted");
    expect(Buffer.from(row.body).toString("utf8")).toBe(body);
    expect((await finishedRun(a.id!)).trigger?.body).toEqual(JSON.parse(body));
  });

  it("application/x-www-form-urlencoded: fields", async () => {
    const { live } = await webhookFlow({ requiredFields: ["plan"] });
    const a = await send(
      engine,
      live,
      "email=ada%40example.com&name=Ada+Lovelace&plan=pro",
      type("application/x-www-form-urlencoded"),
    );
    await expectStored(a, 202, "accepted");
    expect((await finishedRun(a.id!)).trigger?.body).toEqual({
      email: "ada@example.com",
      name: "Ada Lovelace",
      plan: "pro",
    });
    await expectStored(
      await send(engine, live, "email=x%40example.com", type("application/x-www-form-urlencoded")),
      200,
      "filtered",
      /Missing required field: plan/,
    );
  });

  it("XML: parsed (required fields are looked up in it)", async () => {
    const { live } = await webhookFlow({ requiredFields: ["order.id"], dedupe: { by: "json", path: "order.id" } });
    const xml = '<?xml version="1.0"?><order currency="EUR"><id>42</id><sku>MUG-01</sku></order>';
    const a = await send(engine, live, xml, type("application/xml"));
    const row = await expectStored(a, 202, "accepted");
    expect(row.identity).toBe("42");
    expect(Buffer.from(row.body).toString("utf8")).toBe(xml);
    await expectStored(await send(engine, live, xml, type("text/xml")), 200, "duplicate");
    await expectStored(
      await send(engine, live, "<order><sku>MUG-01</sku></order>", type("application/xml")),
      200,
      "filtered",
      /Missing required field: order\.id/,
    );
  });

  it("XML: a billion-laughs document is not expanded, and is answered quickly", async () => {
    const { live } = await webhookFlow({ requiredFields: ["lolz.id"], dedupe: { by: "json", path: "lolz.id" } });
    const xml = billionLaughs();
    const a = await send(engine, live, xml, type("application/xml"));
    const row = await expectStored(a, 202, "accepted");
    expect(a.ms).toBeLessThan(2000);
    // The parsed value is the entity reference itself (an expanded one would be 3 GB, no id).
    expect(row.identity).toBe("&lol9;");
    const { run, triggerText } = await finishedRun(a.id!);
    expect(run.status).toBe("succeeded");
    expect(triggerText).not.toContain("lollol");
    expect(triggerText.length).toBeLessThan(xml.length * 3);
  });

  it.each([
    ["application/octet-stream", Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) % 256))],
    [
      "text/plain",
      Buffer.concat([Buffer.from("Grüße, flow!\r\n\0 tab\there\n", "utf8"), Buffer.from([0xff, 0xfe, 0x80])]),
    ],
    ["image/png", Buffer.from("89504e470d0a1a0a0000000d49484452", "hex")],
  ])("%s: the raw bytes are stored exactly", async (contentType, bytes) => {
    const { live } = await webhookFlow();
    const a = await send(engine, live, new Uint8Array(bytes), type(contentType));
    const row = await expectStored(a, 202, "accepted");
    expect(Buffer.from(row.body).equals(bytes)).toBe(true);
    expect(row.size).toBe(bytes.length);
    expect(row.contentType).toBe(contentType);
  });

  it("malformed JSON with a JSON content type: 400 malformed with the parse error, no run", async () => {
    const { live } = await webhookFlow();
    const a = await send(engine, live, '{"id": "evt_1", "amount": 20', type("application/json"));
    expect(a.json.error).toMatchObject({ code: "malformed", message: expect.stringMatching(/^Malformed JSON: /) });
    await expectStored(a, 400, "malformed", /^Malformed JSON: .+/);
    await expectStored(
      await send(engine, live, "", type("application/vnd.api+json")),
      400,
      "malformed",
      /Malformed JSON/,
    );
  });

  it("JSON nested 65 levels: 400; 64 levels is fine", async () => {
    const { live } = await webhookFlow();
    const nested = (n: number) => `${'{"a":'.repeat(n - 1)}[1]${"}".repeat(n - 1)}`;
    await expectStored(await send(engine, live, nested(65)), 400, "malformed", /JSON nested deeper than 64 levels/);
    // Brackets inside strings are text, not nesting.
    await expectStored(await send(engine, live, `{"text":"${"[{".repeat(100)}","n":${nested(63)}}`), 202, "accepted");
    await expectStored(await send(engine, live, nested(64)), 202, "accepted");
  });

  it("a body over maxBodyKb (1 KB): 413 too_large, no run; exactly 1 KB is fine", async () => {
    const { live } = await webhookFlow({ maxBodyKb: 1 });
    const sized = (n: number) => JSON.stringify({ pad: "x".repeat(n - 10) });
    expect(sized(1025)).toHaveLength(1025);
    const a = await send(engine, live, sized(1025));
    expect(a.json.error).toMatchObject({ code: "too_large" });
    await expectStored(a, 413, "too_large", /Body larger than 1 KB/);
    await expectStored(await send(engine, live, sized(1024)), 202, "accepted");
    // Far over the limit (the rest is drained, the answer is still a clean 413).
    await expectStored(await send(engine, live, sized(2 * 1024 * 1024)), 413, "too_large");
    expect((await deliveryRow(a.id!)).body.length).toBeLessThanOrEqual(1024);
  });

  it("after all of the above the server still accepts a valid delivery", async () => {
    const { live } = await webhookFlow();
    await expectStored(await send(engine, live, JSON.stringify(stripeLikeEvent(1))), 202, "accepted");
  });
});
