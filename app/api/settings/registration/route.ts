// GET /api/settings/registration - whether anyone may sign up (else: invite links only);
// PUT {open} - the installation's owner (its first user) opens or closes it
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { registrationOpen, setRegistration } from "@/lib/auth/accounts";
import { currentUser } from "@/lib/auth/respond";
import { registrationBody } from "@/lib/auth/schemas";

export const GET = apiRoute(async () => json({ open: await registrationOpen() }));

export const PUT = apiRoute(async (req) =>
  json(await setRegistration((await readJson(req, registrationBody)).open, currentUser().userId)),
);
