// The run history's background loops, started beside the dispatcher (lib/background.ts): the
// payload search indexer, the retention sweep and the scrub of stored deliveries (header policy).
import "server-only";
import { startRetention, stopRetention } from "@/lib/retention/retention";
import { startDeliveryScrubs, stopDeliveryScrubs } from "@/lib/webhooks/scrub-deliveries";
import { startSearchIndexer, stopSearchIndexer } from "./search-index";

export function startHistoryJobs() {
  startSearchIndexer();
  startRetention();
  startDeliveryScrubs();
}

export function stopHistoryJobs() {
  stopSearchIndexer();
  stopRetention();
  void stopDeliveryScrubs();
}
