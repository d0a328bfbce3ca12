import "./setup.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { denialText } from "../../shared/ui/states.js";

test("an explicit deny names each deciding policy and statement", () => {
  const text = denialText({
    reason: "explicit_deny",
    statements: [
      { policy: "DenyCourseDeletion", sid: "NoDeletes", source: "identity" },
      { policy: "user/rules", sid: null, source: "identity" },
    ],
  });
  assert.equal(text.lead, "Denied: ");
  assert.deepEqual(text.names, ["DenyCourseDeletion (statement NoDeletes)", "user/rules"]);
  assert.match(text.hint, /explicit Deny/);
});

test("not granted and no explanation read differently", () => {
  assert.equal(denialText({ reason: "not_granted", statements: [] }).lead, "Not granted: ");
  const plain = denialText(undefined);
  assert.equal(plain.lead, "Missing permission: ");
  assert.deepEqual(plain.names, []);
  assert.match(plain.hint, /Ask an administrator/);
});
