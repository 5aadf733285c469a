import { redirect } from "next/navigation";

// The flow list is the home screen.
export default function Home() {
  redirect("/flows");
}
