// The form state behind EditorForm, the one editor of the content and IAM screens.
import "./setup.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../../shared/api.js";
import { createDocumentField, createForm, splitDocumentErrors, submitEditor } from "../../shared/forms.js";

const invalid = (errors) => new ApiError({ status: 400, problem: { code: "validation_error", errors } });

test("document errors are told apart from field errors, relative to the document", () => {
  const { doc, rest } = splitDocumentErrors({
    name: ["taken"],
    document: ["must be an object"],
    "/document/Statement/0/Effect": ["bad effect"],
    "document.Statement.1": ["bad"],
    "/Version": ["unknown version"],
  });
  assert.deepEqual(rest, { name: ["taken"] });
  assert.deepEqual(doc, {
    "/": ["must be an object"],
    "/Statement/0/Effect": ["bad effect"],
    "/Statement/1": ["bad"],
    "/Version": ["unknown version"],
  });
  // the simulator names its document "policies"
  assert.deepEqual(splitDocumentErrors({ "/policies/0/Statement": ["x"] }, "policies").doc, { "/0/Statement": ["x"] });
});

test("nothing is sent while the document is not JSON; the editor is told to take focus", async () => {
  const form = createForm({ name: "P" }, { allFields: true });
  const doc = createDocumentField('{"Version": ');
  const told = [];
  let sent = false;
  const result = await submitEditor({ form, document: doc, save: async () => (sent = true), onInvalid: (w) => told.push(w) });
  assert.equal(result, undefined);
  assert.equal(sent, false);
  assert.deepEqual(told, ["document"]);
  assert.equal(form.busy, false);
});

test("a saved editor sends the values and the parsed document, then calls onsaved", async () => {
  const form = createForm({ name: "P", description: "" }, { allFields: true });
  const doc = createDocumentField('{"Version": "2012-10-17"}');
  let busyWhileSaving = null;
  let saved = null;
  const result = await submitEditor({
    form, document: doc,
    save: async (values, document) => {
      busyWhileSaving = form.busy;
      return { data: { id: 7, values, document } };
    },
    onsaved: (r) => (saved = r.data.id),
  });
  assert.equal(busyWhileSaving, true);
  assert.deepEqual(result.data.values, { name: "P", description: "" });
  assert.deepEqual(result.data.document, { Version: "2012-10-17" });
  assert.equal(saved, 7);
  assert.equal(form.busy, false);
});

test("server errors land on the document's lines and on the fields; onsaved is not called", async () => {
  const form = createForm({ name: "" }, { allFields: true });
  const doc = createDocumentField('{\n  "Statement": [{"Effect": "Dney"}]\n}');
  const told = [];
  let saved = false;
  await submitEditor({
    form, document: doc,
    save: async () => { throw invalid({ "/document/Statement/0/Effect": ["must be Allow or Deny"], name: ["required"] }); },
    onsaved: () => (saved = true),
    onInvalid: (w) => told.push(w),
  });
  assert.equal(saved, false);
  assert.deepEqual(doc.errors, { "/Statement/0/Effect": ["must be Allow or Deny"] });
  assert.deepEqual(form.fieldErrors, { name: ["required"] });
  assert.deepEqual(told, []); // a field is invalid too: the form focuses it, not the editor
  // when only the document is wrong, the editor takes focus
  await submitEditor({ form, document: doc, save: async () => { throw invalid({ "/document/Statement": ["empty"] }); }, onInvalid: (w) => told.push(w) });
  assert.deepEqual(told, ["document"]);
  assert.deepEqual(form.fieldErrors, {});
});

test("an editor without a document is a plain form submit; other failures stay on the form", async () => {
  const form = createForm({ title: "T" });
  const conflict = new ApiError({ status: 409, problem: { code: "slug_taken", detail: "The slug is taken." } });
  const result = await submitEditor({ form, save: async () => { throw conflict; } });
  assert.equal(result, undefined);
  assert.deepEqual(form.formErrors, ["The slug is taken."]);
  const denied = new ApiError({ status: 403, problem: { code: "action_denied", action: "teacherseat:admin:content:courses:create" } });
  await submitEditor({ form, save: async () => { throw denied; } });
  assert.equal(form.error.kind, "denied");
  const ok = await submitEditor({ form, save: async (values) => ({ data: values }) });
  assert.deepEqual(ok.data, { title: "T" });
  assert.equal(form.error, null);
});
