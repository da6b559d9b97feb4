import { apiRoute } from "@/lib/server/api/route";
import { ZImportFields } from "@/lib/schemas/import";
import { ValidationError, zodDetails } from "@/lib/schemas/validation";
import { receiveUpload } from "@/lib/server/import/receive-upload";
import { importRuns } from "@/lib/server/import/import-runs";
import { toWireDeep } from "@/lib/schemas/common";

export const POST = apiRoute({}, async ({ db, request, auth }) => {
  const upload = await receiveUpload(request);
  try {
    const parsed = ZImportFields.safeParse(upload.fields);
    if (!parsed.success) throw new ValidationError("Invalid import fields", zodDetails(parsed.error));
    const result = await importRuns(db, { upload, fields: parsed.data, auth });
    return Response.json(toWireDeep(result), { status: result.preview ? 200 : 201 });
  } finally {
    upload.cleanup();
  }
});
