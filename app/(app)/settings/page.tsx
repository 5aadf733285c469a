import type { Metadata } from "next";
import { SettingsClient } from "@/components/auth/settings-client";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return <SettingsClient />;
}
