// Editor bench: a generated 300-node flow (editor-flow.ts) opened in headless Chromium (Debian's,
// as the e2e tests use) from a cold browser; "interactive" = the page has loaded, the canvas shows
// nodes, and a click on a node opens its settings panel. Also the JavaScript the editor route
// ships: every script the browser loads for the page, gzipped (level 9, as a server would send it).
import zlib from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { ensureBuild, startApp } from "./app";
import { generatedFlow } from "./editor-flow";
import type { Section } from "./types";
import { fmt } from "./util";

const SIZE = 300;
const RUNS = 5;
const TARGET_MS = 1500;
const TARGET_KB = 350;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const editor: Section = {
  name: "editor",
  title: "Editor: 300-node flow in headless Chromium, editor route JS",
  async run(opts) {
    await ensureBuild(opts.log);
    const app = await startApp({ databaseUrl: null });
    let browser: Browser | undefined;
    try {
      const cookie = app.cookie;
      const res = await fetch(`${app.url}/api/flows`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.url, cookie },
        body: JSON.stringify({ name: `Generated ${SIZE} nodes`, definition: generatedFlow(SIZE) }),
      });
      if (res.status !== 201) throw new Error(`creating the flow failed: ${res.status} ${await res.text()}`);
      const flow = (await res.json()) as { id: string };
      const editorUrl = `${app.url}/flows/${flow.id}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu"],
      });
      const cookies = cookie.split("; ").map((c) => {
        const i = c.indexOf("=");
        return { name: c.slice(0, i), value: c.slice(i + 1), url: app.url };
      });

      const times: number[] = [];
      let js = { files: 0, raw: 0, gzip: 0 };
      for (let i = 0; i <= RUNS; i++) {
        // A new context per run: cold HTTP cache, like a first visit.
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        await context.addCookies(cookies);
        const page = await context.newPage();
        const scripts: Promise<{ raw: number; gzip: number }>[] = [];
        page.on("response", (r) => {
          if (r.request().resourceType() !== "script" || !r.url().startsWith(app.url)) return;
          scripts.push(
            r.body().then(
              (b) => ({ raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length }),
              () => ({ raw: 0, gzip: 0 }),
            ),
          );
        });
        const t0 = performance.now();
        await page.goto(editorUrl);
        await page.locator(".react-flow__node").first().waitFor({ timeout: 30_000 });
        const drawn = performance.now() - t0;
        const dcl = await page.evaluate(
          () =>
            (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)
              ?.domContentLoadedEventEnd ?? 0,
        );
        await page.locator('.react-flow__node[data-id="trigger"]').click();
        await page.getByTestId("config-panel").waitFor({ timeout: 30_000 });
        const ms = performance.now() - t0;
        const rendered = await page.locator(".react-flow__node").count();
        if (i === 0) {
          // The first visit also warms the server (route code, database); it is not counted.
          const sizes = await Promise.all(scripts);
          js = {
            files: sizes.length,
            raw: sizes.reduce((s, x) => s + x.raw, 0),
            gzip: sizes.reduce((s, x) => s + x.gzip, 0),
          };
          opts.log(
            `  warm-up open ${fmt(ms, 0)} ms (first node drawn ${fmt(drawn, 0)} ms; ${rendered} nodes; ${js.files} scripts, ${fmt(js.gzip / 1024)} KB gzipped)`,
          );
        } else {
          times.push(ms);
          opts.log(
            `  run ${i}: ${fmt(ms, 0)} ms to interactive (DOM loaded ${fmt(dcl, 0)} ms, first node drawn ${fmt(drawn, 0)} ms; ${rendered} nodes)`,
          );
        }
        await context.close();
      }
      const med = median(times);
      const kb = js.gzip / 1024;
      return {
        table: {
          columns: ["measure", "value"],
          rows: [
            [`open ${SIZE}-node flow → interactive, median of ${RUNS}`, `${fmt(med, 0)} ms`],
            ["same, slowest run", `${fmt(Math.max(...times), 0)} ms`],
            [`editor route JS, ${js.files} scripts, gzipped`, `${fmt(kb)} KB`],
            ["editor route JS, uncompressed", `${fmt(js.raw / 1024)} KB`],
          ],
        },
        targets: [
          {
            text: `${SIZE}-node flow opens interactive in ≤ ${TARGET_MS} ms (median ${fmt(med, 0)} ms)`,
            pass: med <= TARGET_MS,
          },
          { text: `editor route ships ≤ ${TARGET_KB} KB gzipped JS (${fmt(kb)} KB)`, pass: kb <= TARGET_KB },
        ],
        notes: [
          `Headless Chromium (${CHROMIUM}), 1440×900, a new browser context per run (cold cache); the first open warms the server and is not counted.`,
          "Interactive = navigation start → nodes on the canvas → a click on the trigger node has opened its settings panel.",
          "JS = every script the page loaded from the app, gzipped at level 9 here (what a compressing proxy would send).",
        ],
      };
    } finally {
      await browser?.close();
      await app.stop();
    }
  },
};
