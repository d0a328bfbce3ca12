import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../api.js";
import {
  createForm, splitErrors, firstInvalidField, jsonPositions, locateJsonErrors, checkJson, parseCsv, pointerTokens,
} from "../forms.js";
import { createAnswerQueue, memoryStorage } from "../queue.js";

test("splitErrors separates field and form-level messages", () => {
  const { fields, form } = splitErrors({ email: ["bad"], non_field_errors: ["nope"], name: "one" });
  assert.deepEqual(fields, { email: ["bad"], name: ["one"] });
  assert.deepEqual(form, ["nope"]);
});

test("firstInvalidField follows form order", () => {
  assert.equal(firstInvalidField(["a", "b", "c"], { c: ["x"], b: ["y"] }), "b");
  assert.equal(firstInvalidField(["a"], { z: ["x"] }), "z");
  assert.equal(firstInvalidField(["a"], {}), null);
});

test("submit puts validation errors next to fields and focuses the first invalid", async () => {
  // given a form with two fields
  const focused = [];
  const form = createForm({ email: "", password: "" }, { focus: (name) => focused.push(name) });
  // when the API answers 400 with errors for both fields
  const result = await form.submit(async () => {
    throw new ApiError({ status: 400, problem: { code: "validation_error", errors: { password: ["too short"], email: ["required"] } } });
  });
  // then the errors are per field, busy is reset, and email (first in order) got focus
  assert.equal(result, undefined);
  assert.deepEqual(form.errorsFor("email"), ["required"]);
  assert.deepEqual(form.errorsFor("password"), ["too short"]);
  assert.deepEqual(focused, ["email"]);
  assert.equal(form.busy, false);
  assert.equal(form.error, null);
  // and editing a field clears its error
  form.set("email", "a@b.c");
  assert.deepEqual(form.errorsFor("email"), []);
});

test("submit keeps non-validation errors in form.error for the page to show", async () => {
  const form = createForm({ x: 1 });
  await form.submit(async () => {
    throw new ApiError({ status: 429, problem: {}, retryAfter: 3 });
  });
  assert.equal(form.error.kind, "rate_limited");
  assert.equal(form.error.retryAfter, 3);
  const ok = await form.submit(async (values) => values.x + 1);
  assert.equal(ok, 2);
  assert.equal(form.error, null);
});

test("a 409 conflict becomes a form-level message", async () => {
  const form = createForm({ x: 1 });
  await form.submit(async () => {
    throw new ApiError({ status: 409, problem: { detail: "Already enrolled." } });
  });
  assert.deepEqual(form.formErrors, ["Already enrolled."]);
});

test("non-API exceptions propagate", async () => {
  const form = createForm({});
  await assert.rejects(form.submit(async () => {
    throw new TypeError("bug");
  }), TypeError);
  assert.equal(form.busy, false);
});

test("jsonPositions maps pointers to lines", () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Alow"\n    }\n  ]\n}';
  const pos = jsonPositions(text);
  assert.equal(pos.get("/Version").line, 2);
  assert.equal(pos.get("/Statement/0").line, 4);
  assert.equal(pos.get("/Statement/0/Effect").line, 5);
  assert.equal(jsonPositions("{bad"), null);
});

test("locateJsonErrors falls back to the nearest parent", () => {
  const text = '{\n  "Statement": [\n    {"Effect": "Allow"}\n  ]\n}';
  const located = locateJsonErrors(text, { "/Statement/0/Action": ["required"], "/Version": ["missing"] });
  assert.deepEqual(located, [
    { pointer: "/Version", line: 1, messages: ["missing"] },
    { pointer: "/Statement/0/Action", line: 3, messages: ["required"] },
  ]);
  assert.deepEqual(pointerTokens("Statement[0].Effect"), ["Statement", "0", "Effect"]);
  assert.deepEqual(pointerTokens("/a~1b/c~0d"), ["a/b", "c~d"]);
});

test("checkJson reports the syntax error line", () => {
  assert.equal(checkJson('{"a": 1}').ok, true);
  const bad = checkJson('{\n"a": 1,\n}');
  assert.equal(bad.ok, false);
  assert.equal(bad.line, 3);
});

test("parseCsv handles quotes, CRLF and blank lines", () => {
  assert.deepEqual(parseCsv('email,name\r\n"a@b.c","Doe, Jo"\n\n"x""y",z'), [
    ["email", "name"], ["a@b.c", "Doe, Jo"], ['x"y', "z"],
  ]);
});

test("answer queue survives a network loss and retries", async () => {
  // given a server that is down for the first attempt
  const storage = memoryStorage();
  const sent = [];
  let down = true;
  const timers = [];
  const queue = createAnswerQueue({
    storage, key: "k",
    send: async (q, a) => {
      if (down) throw new ApiError({ status: 0 });
      sent.push([q, a]);
    },
    schedule: (fn, ms) => timers.push({ fn, ms }),
  });
  // when an answer is queued while offline
  const ok = await queue.enqueue("q1", ["a"]);
  // then it stays in storage and a retry is scheduled
  assert.equal(ok, false);
  assert.deepEqual(Object.keys(JSON.parse(storage.getItem("k"))), ["q1"]);
  assert.equal(timers.length, 1);
  // and a new queue over the same storage (page reload) still sees it and sends it later
  down = false;
  const reloaded = createAnswerQueue({ storage, key: "k", send: async (q, a) => sent.push([q, a]) });
  assert.equal(reloaded.size(), 1);
  assert.equal(await reloaded.flush(), true);
  assert.deepEqual(sent, [["q1", ["a"]]]);
  assert.equal(storage.getItem("k"), null);
});

test("answer queue drops answers the server rejects for good", async () => {
  const storage = memoryStorage();
  const queue = createAnswerQueue({
    storage, key: "k", schedule: () => {},
    send: async () => {
      throw new ApiError({ status: 409, problem: { code: "attempt_closed" } });
    },
  });
  assert.equal(await queue.enqueue("q1", "x"), true);
  assert.equal(queue.size(), 0);
});

test("inline kinds (401 on a sign-in form) become form messages, not redirects", async () => {
  const form = createForm({ email: "" }, { inline: ["unauthenticated"] });
  await form.submit(async () => {
    throw new ApiError({ status: 401, problem: { detail: "Wrong email or password." } });
  });
  assert.equal(form.error, null);
  assert.deepEqual(form.formErrors, ["Wrong email or password."]);
});

test("errors for fields the form does not show become form-level messages", async () => {
  const form = createForm({ title: "" });
  await form.submit(async () => {
    throw new ApiError({ status: 400, problem: { errors: { title: ["required"], body: ["an article needs a body"] } } });
  });
  assert.deepEqual(form.errorsFor("title"), ["required"]);
  assert.deepEqual(form.formErrors, ["body: an article needs a body"]);
});
