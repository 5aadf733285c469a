// The run history's background loops, started beside the dispatcher (lib/background.ts): the
// payload search indexer and the retention sweep.
import "server-only";
import { startRetention, stopRetention } from "@/lib/retention/retention";
import { startSearchIndexer, stopSearchIndexer } from "./search-index";

export function startHistoryJobs() {
  startSearchIndexer();
  startRetention();
}

export function stopHistoryJobs() {
  stopSearchIndexer();
  stopRetention();
}
