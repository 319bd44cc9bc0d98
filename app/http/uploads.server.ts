// Reading a page's form that may carry a file (decision 023): multipart, each part held in
// memory up to the page's own limit. A form without a file (an ordinary urlencoded post) is read
// as usual. The HTTP server lets multipart through only to the pages listed in UPLOAD_PATHS
// (app/http/request-bodies.server.ts), each under its own overall limit.
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

export type UploadForm = { ok: true; form: FormData } | { ok: false; problem: "too-large" | "unreadable" };

export async function readUploadForm(request: Request, maxFileBytes: number): Promise<UploadForm> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) {
    try {
      return { ok: true, form: await request.formData() };
    } catch {
      return { ok: false, problem: "unreadable" };
    }
  }
  try {
    const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes }));
    return { ok: true, form };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, problem: "too-large" };
    return { ok: false, problem: "unreadable" };
  }
}

/** The uploaded file's bytes, or null when none was chosen (browsers send an empty part). */
export async function uploadedFile(form: FormData, name: string): Promise<{ name: string; bytes: Buffer } | null> {
  const value = form.get(name);
  if (!value || typeof value === "string") return null;
  const bytes = Buffer.from(await value.arrayBuffer());
  if (bytes.length === 0 && !value.name) return null;
  return { name: value.name, bytes };
}
