import type { Metadata } from "next";
import { Suspense } from "react";
import { AppsPage } from "@/components/apps/apps-page";

export const metadata: Metadata = { title: "Apps" };

export default function Apps() {
  return (
    <Suspense>
      <AppsPage />
    </Suspense>
  );
}
