// The generic verification presets (custom HMAC, shared token, Basic auth) end to end, and the
// secret's lifecycle: a rotation that keeps the old secret for a while or drops it at once, and a
// deleted secret, which is our misconfiguration (500, the sender retries), not a bad delivery.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deleteCredential } from "@/lib/credentials/delete-credential";
import { updateCredential } from "@/lib/credentials/update-credential";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { startEngine } from "../support/engine-harness";
import { expectStored, newSecret, send, stripeHeaders, webhookFlow } from "../support/ingest-helpers";
import { stripeLikeEvent } from "../support/payloads";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const body = () => JSON.stringify(stripeLikeEvent(1999));
const JSON_TYPE = { "content-type": "application/json" };
const hmac = (algorithm: "sha1" | "sha256", key: string, data: string, encoding: "hex" | "base64") =>
  createHmac(algorithm, key).update(data).digest(encoding);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe(`generic verification presets (${inject("database")})`, () => {
  it("custom HMAC: SHA-1, base64, with a prefix", async () => {
    const secret = randomUUID();
    const { live } = await webhookFlow({
      verification: { preset: "hmac", algorithm: "sha1", encoding: "base64", header: "X-Signature", prefix: "sha1=" },
      secretId: await newSecret(secret),
    });
    const b = body();
    await expectStored(
      await send(engine, live, b, { ...JSON_TYPE, "x-signature": `sha1=${hmac("sha1", secret, b, "base64")}` }),
      202,
      "accepted",
    );
    // Senders disagree on the prefix's case; it carries no secret.
    const b2 = body();
    await expectStored(
      await send(engine, live, b2, { ...JSON_TYPE, "x-signature": `SHA1=${hmac("sha1", secret, b2, "base64")}` }),
      202,
      "accepted",
    );
    await expectStored(
      await send(engine, live, b, { ...JSON_TYPE, "x-signature": `sha1=${hmac("sha1", "wrong", b, "base64")}` }),
      401,
      "bad_signature",
      /X-Signature does not match/,
    );
    await expectStored(
      await send(engine, live, b, { ...JSON_TYPE, "x-signature": hmac("sha1", secret, b, "base64") }),
      401,
      "bad_signature",
      /does not start with "sha1="/,
    );
    await expectStored(
      await send(engine, live, b, { ...JSON_TYPE, "x-signature": `sha1=${hmac("sha256", secret, b, "base64")}` }),
      401,
      "bad_signature",
    );
  });

  it("custom HMAC over `timestamp.body` with a timestamp header, checked against the clock", async () => {
    const secret = randomUUID();
    const { live } = await webhookFlow({
      verification: { preset: "hmac", header: "X-Sig", timestampHeader: "X-Sig-Timestamp" },
      secretId: await newSecret(secret),
    });
    const signed = (b: string, offsetS = 0) => {
      const t = String(Math.floor(Date.now() / 1000) + offsetS);
      return { ...JSON_TYPE, "x-sig-timestamp": t, "x-sig": hmac("sha256", secret, `${t}.${b}`, "hex") };
    };
    const b = body();
    await expectStored(await send(engine, live, b, signed(b)), 202, "accepted");
    const old = body();
    await expectStored(await send(engine, live, old, signed(old, -600)), 401, "stale", /s old/);
    const ahead = body();
    await expectStored(await send(engine, live, ahead, signed(ahead, 600)), 401, "stale", /in the future/);
    // The body alone is not what is signed.
    const t = String(Math.floor(Date.now() / 1000));
    await expectStored(
      await send(engine, live, b, { ...JSON_TYPE, "x-sig-timestamp": t, "x-sig": hmac("sha256", secret, b, "hex") }),
      401,
      "bad_signature",
    );
    await expectStored(
      await send(engine, live, b, { ...JSON_TYPE, "x-sig": hmac("sha256", secret, `${t}.${b}`, "hex") }),
      401,
      "bad_signature",
      /X-Sig-Timestamp header is missing/,
    );
  });

  it("shared token in a header (also as Bearer) and in the query string", async () => {
    const secret = `tok_${randomUUID()}`;
    const inHeader = await webhookFlow({
      verification: { preset: "token", in: "header", name: "X-Api-Token" },
      secretId: await newSecret(secret),
    });
    await expectStored(
      await send(engine, inHeader.live, body(), { ...JSON_TYPE, "x-api-token": secret }),
      202,
      "accepted",
    );
    await expectStored(
      await send(engine, inHeader.live, body(), { ...JSON_TYPE, "x-api-token": `Bearer ${secret}` }),
      202,
      "accepted",
    );
    await expectStored(
      await send(engine, inHeader.live, body(), { ...JSON_TYPE, "x-api-token": `${secret}x` }),
      401,
      "bad_signature",
      /X-Api-Token header does not match/,
    );
    await expectStored(
      await send(engine, inHeader.live, body(), JSON_TYPE),
      401,
      "bad_signature",
      /X-Api-Token header is missing/,
    );

    const inQuery = await webhookFlow({
      verification: { preset: "token", in: "query", name: "key" },
      secretId: await newSecret(secret),
    });
    await expectStored(
      await send(engine, `${inQuery.live}?key=${encodeURIComponent(secret)}&x=1`, body()),
      202,
      "accepted",
    );
    await expectStored(
      await send(engine, `${inQuery.live}?key=nope`, body()),
      401,
      "bad_signature",
      /key query parameter does not match/,
    );
    await expectStored(
      await send(engine, inQuery.live, body(), { ...JSON_TYPE, key: secret }),
      401,
      "bad_signature",
      /key query parameter is missing/,
    );
  });

  it("Basic auth: the username from the config, the secret as password", async () => {
    const secret = `pw-${randomUUID()}`;
    const { live } = await webhookFlow({
      verification: { preset: "basic", username: "shop" },
      secretId: await newSecret(secret),
    });
    await expectStored(
      await send(engine, live, body(), { ...JSON_TYPE, authorization: basic("shop", secret) }),
      202,
      "accepted",
    );
    await expectStored(
      await send(engine, live, body(), { ...JSON_TYPE, authorization: basic("shop", "guess") }),
      401,
      "bad_signature",
      /credentials do not match/,
    );
    await expectStored(
      await send(engine, live, body(), { ...JSON_TYPE, authorization: basic("admin", secret) }),
      401,
      "bad_signature",
      /credentials do not match/,
    );
    await expectStored(
      await send(engine, live, body(), { ...JSON_TYPE, authorization: `Bearer ${secret}` }),
      401,
      "bad_signature",
      /not Basic/,
    );
    await expectStored(
      await send(engine, live, body(), JSON_TYPE),
      401,
      "bad_signature",
      /Authorization header is missing/,
    );
  });
});

describe(`secret lifecycle (${inject("database")})`, () => {
  const stripeSecret = () => `whsec_${randomUUID().replaceAll("-", "")}`;
  const signedWith = async (live: string, secret: string) => {
    const b = body();
    return send(engine, live, b, stripeHeaders(b, secret));
  };

  it("rotation: keepPreviousForHours 1 accepts the old and the new secret; 0 only the new", async () => {
    const [first, second, third] = [stripeSecret(), stripeSecret(), stripeSecret()];
    const secretId = await newSecret(first);
    const { ws, live } = await webhookFlow({ verification: { preset: "stripe" }, secretId });
    await expectStored(await signedWith(live, first), 202, "accepted");

    await updateCredential(ws, secretId, { value: second, keepPreviousForHours: 1 });
    forgetEndpoints(); // the endpoint (and its secrets) are cached for a second
    await expectStored(await signedWith(live, first), 202, "accepted");
    await expectStored(await signedWith(live, second), 202, "accepted");
    await expectStored(await signedWith(live, stripeSecret()), 401, "bad_signature", /checked 2 secrets/);

    await updateCredential(ws, secretId, { value: third, keepPreviousForHours: 0 });
    forgetEndpoints();
    await expectStored(await signedWith(live, third), 202, "accepted");
    await expectStored(await signedWith(live, second), 401, "bad_signature", /checked 1 secret\b/);
    await expectStored(await signedWith(live, first), 401, "bad_signature");
  });

  it("a deleted secret answers 500 config_error (the sender retries) and runs nothing", async () => {
    const secret = stripeSecret();
    const secretId = await newSecret(secret);
    const { ws, live } = await webhookFlow({ verification: { preset: "stripe" }, secretId });
    await expectStored(await signedWith(live, secret), 202, "accepted");

    await deleteCredential(ws, secretId);
    forgetEndpoints();
    const a = await signedWith(live, secret);
    expect(a.json.error).toMatchObject({ code: "config_error" });
    await expectStored(a, 500, "config_error", /No secret is set for Stripe verification/);
  });
});
