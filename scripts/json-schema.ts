import { writeFileSync } from "node:fs";
import { z } from "zod";
import { ConfigSchema } from "../src/config/schema.js";

/** The JSON Schema of `.github/async-status.yml`, generated from the zod schema. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(ConfigSchema, { io: "input", target: "draft-2020-12" });
  const withId = {
    ...schema,
    $id: "https://github.com/async-status/async-status/blob/main/schema/async-status.schema.json",
    title: "async-status configuration",
  };
  return `${JSON.stringify(withId, null, 2)}\n`;
}

// `npm run schema` writes the committed file; a test fails when it is stale.
if (process.argv[1]?.endsWith("json-schema.js")) {
  writeFileSync(
    new URL("../../schema/async-status.schema.json", import.meta.url),
    configJsonSchema(),
  );
  console.log("wrote schema/async-status.schema.json");
}
