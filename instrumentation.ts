// Next calls register() once per server process. The Node-only work lives in lib/background.ts
// behind this exact `if`, which the Edge compile drops.
export async function register() {
  if (
    process.env.NEXT_RUNTIME === "nodejs" &&
    process.env.NEXT_PHASE !== "phase-production-build" &&
    process.env.HOOKLINE_BACKGROUND !== "off"
  ) {
    const { startBackground } = await import("./lib/background");
    await startBackground();
  }
}
