import { apiRoute, withStatus } from "@/lib/server/api/route";
import { ZImportFields } from "@/lib/schemas/import";
import { ValidationError, zodDetails } from "@/lib/schemas/validation";
import { receiveUpload } from "@/lib/server/import/receive-upload";
import { importRuns } from "@/lib/server/import/import-runs";
import { authorizeImport } from "@/lib/server/import/authorize-import";

export const POST = apiRoute("POST /api/v1/import", async ({ db, request, auth }) => {
  const fromQuery = new URL(request.url).searchParams.get("project");
  const upload = await receiveUpload(request, (fields) => authorizeImport(db, auth, fields.project ?? fromQuery));
  try {
    const parsed = ZImportFields.safeParse({ project: fromQuery ?? undefined, ...upload.fields });
    if (!parsed.success) throw new ValidationError("Invalid import fields", zodDetails(parsed.error));
    const result = await importRuns(db, { upload, fields: parsed.data, auth });
    return result.preview ? withStatus(200, result) : withStatus(201, result);
  } finally {
    upload.cleanup();
  }
});
