import type { Metadata } from "next";
import { CredentialsClient } from "./credentials-client";

export const metadata: Metadata = { title: "Credentials" };

export default function CredentialsPage() {
  return <CredentialsClient />;
}
