// The app's JSON log (lib/observability/log.ts): ids are fields of their own, secret-bearing
// fields are censored wherever they sit, and each line is one JSON object.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED } from "@/lib/observability/log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ destination, level: "info" }) };
}

describe("the log", () => {
  it("writes flow, delivery and run ids as fields, with the level, time and process role", () => {
    const { lines, logger } = capture();
    logger
      .child({ component: "executor" })
      .info({ flowId: "flow_1", deliveryId: "dlv_1", runId: "run_1" }, "run failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "run failed",
      component: "executor",
      flowId: "flow_1",
      deliveryId: "dlv_1",
      runId: "run_1",
      role: "web",
    });
    expect(typeof lines[0]!.time).toBe("string");
  });

  it("censors secret fields at the top level and nested (headers, a credential's config)", () => {
    const { lines, logger } = capture();
    const secrets = [
      "Bearer hkl_live_secret_abc",
      "session=cookie-secret",
      "hunter2-password",
      "whsec_the_secret",
      "tok_secret_value",
      "credential-value-secret",
    ];
    logger.warn(
      {
        runId: "run_2",
        authorization: secrets[0],
        headers: { authorization: secrets[0], cookie: secrets[1], "content-type": "application/json" },
        credential: { config: { password: secrets[2], secret: secrets[3] } },
        token: secrets[4],
        value: secrets[5],
      },
      "a request was refused",
    );
    const text = JSON.stringify(lines);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(lines[0]).toMatchObject({
      runId: "run_2",
      authorization: REDACTED,
      headers: { authorization: REDACTED, cookie: REDACTED, "content-type": "application/json" },
      credential: { config: { password: REDACTED, secret: REDACTED } },
      token: REDACTED,
      value: REDACTED,
    });
  });

  it("censors OAuth2 tokens and a client's secret, in the token endpoint's spelling and in camel case", () => {
    const { lines, logger } = capture();
    const fields = {
      access_token: "ya29.access-secret",
      refresh_token: "1//refresh-secret",
      id_token: "eyJ.id-secret",
      accessToken: "ya29.access-secret-2",
      refreshToken: "1//refresh-secret-2",
      idToken: "eyJ.id-secret-2",
      client_secret: "GOCSPX-client-secret",
      clientSecret: "GOCSPX-client-secret-2",
      code_verifier: "pkce-verifier-secret",
      codeVerifier: "pkce-verifier-secret-2",
    };
    logger.info({ app: "googlesheets", tokens: fields, ...fields }, "connected an account");
    const text = JSON.stringify(lines);
    for (const s of Object.values(fields)) expect(text).not.toContain(s);
    expect(lines[0]).toMatchObject({ app: "googlesheets", access_token: REDACTED, tokens: { refreshToken: REDACTED } });
  });

  it("drops lines below its level", () => {
    const { lines, logger } = capture();
    logger.debug({ runId: "run_3" }, "noise");
    logger.error({ runId: "run_3" }, "kept");
    expect(lines.map((l) => l.msg)).toEqual(["kept"]);
  });
});
