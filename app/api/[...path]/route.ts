// Any other /api path: a JSON 404, never Next's HTML page.
import { NextResponse } from "next/server";

const notFound = () =>
  NextResponse.json({ error: { code: "not_found", message: "No such API route" } }, { status: 404 });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
