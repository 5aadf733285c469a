// The one place e2e specs get `test` and `expect` from, so fixtures every spec needs (signing in,
// say) are added here once.
export { expect, test, type Locator, type Page } from "@playwright/test";
