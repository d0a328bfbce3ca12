// The action catalogue behind the policy editor's and the simulator's pickers: matching,
// inserting a pick into a document, and the warnings pre-check before a save.
import "./setup.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  actionsInDocument, documentWarnings, flattenCatalogue, insertAction, insertConditionKey, insertContextKey,
  keysForActions, matchActions, matchKeys, warningLines,
} from "../src/lib/catalogue.js";

const DOC = {
  systems: [
    {
      system: "content", identifier: "TeacherSeat.Admin.Content", name: "Content", registered: true,
      actions: [
        { action: "teacherseat:admin:content:courses:delete", description: "Delete courses", condition_keys: [] },
        { action: "teacherseat:admin:content:courses:list", description: "List courses", condition_keys: [] },
        {
          action: "teacherseat:admin:content:materials:upload", description: "Upload materials",
          condition_keys: [
            { key: "content:FileSize", type: "Numeric", description: "Size in bytes" },
            { key: "content:FileType", type: "String", description: "MIME type" },
          ],
        },
      ],
    },
    {
      system: "iam", identifier: "TeacherSeat.Admin.IAM", name: "Identity", registered: true,
      actions: [
        { action: "teacherseat:admin:iam:users:delete", description: "Delete users", condition_keys: [] },
        { action: "teacherseat:admin:iam:policies:read", description: "Read policies", condition_keys: [] },
      ],
    },
    {
      system: "sdk_api", identifier: "TeacherSeat.Sdk", name: "SDK API", registered: false,
      actions: [{ action: "teacherseat:sdk:sdk_api:ping:get", description: "Ping the SDK API", condition_keys: [] }],
    },
  ],
  global_condition_keys: [
    { key: "ts:SourceIp", type: "IpAddress", description: "Source IP" },
    { key: "ts:MultiFactorAuthPresent", type: "Bool", description: "MFA" },
    { key: "ts:PrincipalTag/<key>", type: "String", description: "A tag" },
  ],
};
const catalogue = flattenCatalogue(DOC);
const names = (items, field = "action") => items.map((x) => x[field]);

test("flatten: every action once, sorted, with its system; keys global first, then declared", () => {
  assert.deepEqual(names(catalogue.actions), [
    "teacherseat:admin:content:courses:delete",
    "teacherseat:admin:content:courses:list",
    "teacherseat:admin:content:materials:upload",
    "teacherseat:admin:iam:policies:read",
    "teacherseat:admin:iam:users:delete",
    "teacherseat:sdk:sdk_api:ping:get",
  ]);
  assert.equal(catalogue.actions.find((a) => a.system === "sdk_api").registered, false);
  assert.deepEqual(names(catalogue.keys, "key"), ["ts:SourceIp", "ts:MultiFactorAuthPresent", "ts:PrincipalTag/<key>", "content:FileSize", "content:FileType"]);
  assert.deepEqual(flattenCatalogue(null), { actions: [], keys: [] });
});

test("match: every word must appear; prefix, then a segment, then the description", () => {
  assert.deepEqual(names(matchActions(catalogue.actions, "delete")), ["teacherseat:admin:content:courses:delete", "teacherseat:admin:iam:users:delete"]);
  assert.deepEqual(names(matchActions(catalogue.actions, "courses delete")), ["teacherseat:admin:content:courses:delete"]);
  assert.deepEqual(names(matchActions(catalogue.actions, "DELETE Users")), ["teacherseat:admin:iam:users:delete"]);
  // exact and prefix matches first
  assert.deepEqual(names(matchActions(catalogue.actions, "teacherseat:admin:iam")), ["teacherseat:admin:iam:policies:read", "teacherseat:admin:iam:users:delete"]);
  // found through the description only, after the names
  assert.deepEqual(names(matchActions(catalogue.actions, "ping")), ["teacherseat:sdk:sdk_api:ping:get"]);
  assert.deepEqual(names(matchActions(catalogue.actions, "upload materials")), ["teacherseat:admin:content:materials:upload"]);
  assert.deepEqual(matchActions(catalogue.actions, "nothing like this"), []);
});

test("match: a pattern is a case-insensitive glob over the names; empty lists the first ones", () => {
  assert.deepEqual(names(matchActions(catalogue.actions, "teacherseat:admin:content:*")), [
    "teacherseat:admin:content:courses:delete", "teacherseat:admin:content:courses:list", "teacherseat:admin:content:materials:upload",
  ]);
  assert.deepEqual(names(matchActions(catalogue.actions, "*:COURSES:???t")), ["teacherseat:admin:content:courses:list"]);
  assert.equal(matchActions(catalogue.actions, "", 2).length, 2);
  assert.equal(matchActions(catalogue.actions, "teacherseat", 3).length, 3);
  // regex characters in what is typed are plain text
  assert.deepEqual(matchActions(catalogue.actions, "courses.(delete"), []);
});

test("keys: matched like actions; an action's own keys come before the global ones", () => {
  assert.deepEqual(names(matchKeys(catalogue.keys, "file"), "key"), ["content:FileSize", "content:FileType"]);
  assert.deepEqual(names(matchKeys(catalogue.keys, "ts:s"), "key"), ["ts:SourceIp"]);
  const forUpload = keysForActions(catalogue, ["teacherseat:admin:content:materials:upload"]);
  assert.deepEqual(names(forUpload, "key"), ["content:FileSize", "content:FileType", "ts:SourceIp", "ts:MultiFactorAuthPresent", "ts:PrincipalTag/<key>"]);
  assert.deepEqual(names(keysForActions(catalogue, ["teacherseat:admin:iam:*"]), "key"), ["ts:SourceIp", "ts:MultiFactorAuthPresent", "ts:PrincipalTag/<key>"]);
});

const policy = (statement) => ({ Version: "2012-10-17", Statement: statement });

test("pre-check: unknown actions are warned about with the server's pointers", () => {
  const doc = policy([
    { Effect: "Allow", Action: ["teacherseat:admin:content:courses:delete", "teacherseat:admin:content:courses:dlete", "*"], Resource: "*" },
    { Effect: "Allow", Action: "teacherseat:admin:lms:*", Resource: "*" },
    { Effect: "Allow", Action: "TEACHERSEAT:admin:iam:*", Resource: "*" },
    { Effect: "Deny", NotAction: "whatever:not:checked", Resource: "*" },
  ]);
  assert.deepEqual(documentWarnings(doc, catalogue), [
    { pointer: "/Statement/0/Action/1", code: "unknown_action", message: "'teacherseat:admin:content:courses:dlete' matches no known action" },
    { pointer: "/Statement/1/Action", code: "unknown_action", message: "'teacherseat:admin:lms:*' matches no known action" },
  ]);
  // a single statement object
  assert.equal(documentWarnings({ Statement: { Effect: "Allow", Action: "x:y", Resource: "*" } }, catalogue)[0].pointer, "/Statement/Action");
});

test("pre-check: unknown condition keys; global, declared, tag and aws: twins are known", () => {
  const doc = policy([{
    Effect: "Allow", Action: "teacherseat:admin:content:materials:upload", Resource: "*",
    Condition: {
      NumericLessThan: { "content:FileSize": 5000000, "content:FileSzie": 1 },
      IpAddress: { "aws:SourceIp": "203.0.113.0/24" },
      StringEquals: { "ts:PrincipalTag/team": "blue", "ts:user/name": "x" },
      Bool: { "ts:multifactorauthpresent": "true" },
    },
  }]);
  assert.deepEqual(documentWarnings(doc, catalogue).map((w) => [w.pointer, w.code]), [
    ["/Statement/0/Condition/NumericLessThan/content:FileSzie", "unknown_condition_key"],
    ["/Statement/0/Condition/StringEquals/ts:user~1name", "unknown_condition_key"],
  ]);
});

test("pre-check: the simulator's list of documents, a clean document, no catalogue", () => {
  const clean = policy([{ Effect: "Allow", Action: "teacherseat:admin:iam:users:delete", Resource: "*" }]);
  assert.deepEqual(documentWarnings(clean, catalogue), []);
  const list = [clean, policy([{ Effect: "Allow", Action: "nope:nope", Resource: "*" }])];
  assert.deepEqual(documentWarnings(list, catalogue).map((w) => w.pointer), ["/1/Statement/0/Action"]);
  assert.deepEqual(documentWarnings(policy([{ Action: "nope:nope" }]), null), []);
  // malformed documents are the server's to reject; the pre-check does not throw
  for (const odd of [null, 7, "x", [], { Statement: 3 }, { Statement: [null, 1, { Action: 5, Condition: [] }] }]) {
    assert.deepEqual(documentWarnings(odd, catalogue), []);
  }
  assert.deepEqual(warningLines([{ pointer: "/Statement/0/Action", message: "bad" }, { code: "x" }]), ["/Statement/0/Action: bad", "/: x"]);
});

test("insert an action into the last statement, once; a string Action becomes a list", () => {
  const text = JSON.stringify(policy([{ Effect: "Deny", Action: "a:b", Resource: "*" }, { Effect: "Allow", Action: "c:d", Resource: "*" }]));
  const out = JSON.parse(insertAction(text, "teacherseat:admin:iam:users:delete"));
  assert.deepEqual(out.Statement[1].Action, ["c:d", "teacherseat:admin:iam:users:delete"]);
  assert.equal(out.Statement[0].Action, "a:b");
  assert.deepEqual(JSON.parse(insertAction(JSON.stringify(out), "TEACHERSEAT:admin:iam:users:delete")).Statement[1].Action, ["c:d", "teacherseat:admin:iam:users:delete"]);
  // an empty document gets a statement
  assert.deepEqual(JSON.parse(insertAction("{}", "x:y")), { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["x:y"], Resource: "*" }] });
  assert.equal(insertAction('{"Version": ', "x:y"), null);
  assert.equal(insertAction("[]", "x:y"), null);
});

test("insert a condition with the operator of the key's type; context keys for the simulator", () => {
  const text = JSON.stringify(policy([{ Effect: "Allow", Action: "x:y", Resource: "*" }]));
  const once = insertConditionKey(text, "content:FileSize", "Numeric");
  assert.deepEqual(JSON.parse(once).Statement[0].Condition, { NumericLessThanEquals: { "content:FileSize": 0 } });
  const twice = JSON.parse(insertConditionKey(insertConditionKey(once, "content:FileSize", "Numeric"), "ts:SourceIp", "IpAddress"));
  assert.deepEqual(twice.Statement[0].Condition, { NumericLessThanEquals: { "content:FileSize": 0 }, IpAddress: { "ts:SourceIp": "203.0.113.0/24" } });
  assert.deepEqual(Object.keys(JSON.parse(insertConditionKey(text, "x:Y", "Unknown")).Statement[0].Condition), ["StringEquals"]);
  assert.equal(insertConditionKey("nope", "x:Y", "String"), null);
  assert.deepEqual(JSON.parse(insertContextKey("", "ts:MultiFactorAuthPresent", "Bool")), { "ts:MultiFactorAuthPresent": "true" });
  assert.deepEqual(JSON.parse(insertContextKey('{"a": 1}', "a", "String")), { a: 1 });
  assert.equal(insertContextKey("[1]", "a", "String"), null);
  assert.deepEqual(actionsInDocument(text), ["x:y"]);
  assert.deepEqual(actionsInDocument("[" + text + "]"), ["x:y"]);
  assert.deepEqual(actionsInDocument("{"), []);
});
