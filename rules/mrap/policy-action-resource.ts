import { defineRule } from "../../src/engine/define-rule.js";
import { actionLevels, isS3Service, splitAction, type ActionLevel } from "../utils/mrap-policy-actions.js";
import { mrapScope } from "../utils/mrap-policy-resources.js";
import { policyModel, type Located } from "../utils/policy-model.js";

const OBJECT = "/object/";
const ACCESS_POINT = "accesspoint/";

/** Levels by action element: policies repeat the same few actions. */
const levelsByAction = new Map<string, ReadonlySet<ActionLevel>>();

/** The levels an action element names: `*` both, S3 data-plane actions their own, anything else none. */
function levelsOf(action: string): ReadonlySet<ActionLevel> {
  let levels = levelsByAction.get(action);
  if (!levels) {
    if (levelsByAction.size > 10_000) levelsByAction.clear();
    levelsByAction.set(action, (levels = findLevels(action)));
  }
  return levels;
}

function findLevels(action: string): Set<ActionLevel> {
  if (action === "*") return new Set(["object", "bucket"]);
  const parts = splitAction(action);
  if (!parts || !isS3Service(parts.service)) return new Set();
  return actionLevels(parts.name);
}

interface LevelledAction extends Located<string> {
  levels: ReadonlySet<ActionLevel>;
}

/** `…/accesspoint/ALIAS` from an object resource: the text before `/object/`, else before the first `/` after the alias. */
function bareOf(resource: string): string {
  const object = resource.indexOf(OBJECT);
  if (object >= 0) return resource.slice(0, object);
  const start = resource.indexOf(ACCESS_POINT);
  const slash = start < 0 ? -1 : resource.indexOf("/", start + ACCESS_POINT.length);
  return slash < 0 ? resource : resource.slice(0, slash);
}

export default defineRule({
  id: "mrap/policy-action-resource",
  meta: {
    type: "problem",
    docs: { description: "Require MRAP policy statements to pair object actions with object ARNs and listing actions with the MRAP ARN", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy"],
    messages: {
      grantsNothingObjectActions:
        'This statement {{verb}} nothing: its actions ({{actions}}) act on objects, but its resources ({{resources}}) name only the MRAP itself, and object requests through an MRAP match object ARNs of the form "…/accesspoint/ALIAS/object/KEY". Add the object form, for example "{{suggestion}}".',
      grantsNothingBucketActions:
        'This statement {{verb}} nothing: its actions ({{actions}}) act on the MRAP itself (listing), but its resources ({{resources}}) name only objects. s3:ListBucket and s3:ListBucketMultipartUploads match the bare MRAP ARN; add "{{suggestion}}".',
      objectActionNeedsObjectResource:
        'Action "{{action}}" acts on objects, but none of this statement\'s resources is an object ARN ("…/accesspoint/ALIAS/object/KEY"), so the statement {{verb}} nothing for it. Add "{{suggestion}}" to Resource, or move the action to a statement that has one.',
      bucketActionNeedsMrapResource:
        'Action "{{action}}" acts on the MRAP itself (listing), but none of this statement\'s resources is the bare MRAP ARN, so the statement {{verb}} nothing for it. Add "{{suggestion}}" to Resource, or move the action to a statement that has it.',
    },
  },
  check(context) {
    for (const statement of policyModel(context.value).statements) {
      // NotAction and NotResource invert the match, so "these actions need those resources" does not apply.
      if (!statement.action || !statement.resource) continue;
      // Only S3 data-plane actions have a level; the others are mrap/policy-action-supported's to report.
      const actions: LevelledAction[] = [];
      for (const { value, pointer } of statement.action) {
        const levels = levelsOf(value);
        if (levels.size > 0) actions.push({ value, pointer, levels });
      }
      if (actions.length === 0) continue;
      // Resources that can match no MRAP request are mrap/policy-resource-arn's to report.
      const resources: Located<string>[] = [];
      let bare: Located<string> | undefined;
      let object: Located<string> | undefined;
      for (const resource of statement.resource) {
        const scope = mrapScope(resource.value);
        if (!scope.bare && !scope.object) continue;
        resources.push(resource);
        if (scope.bare) bare ??= resource;
        if (scope.object) object ??= resource;
      }
      if (resources.length === 0) continue;
      const unserved = actions.filter((a) => !((a.levels.has("object") && object) || (a.levels.has("bucket") && bare)));
      if (unserved.length === 0) continue;
      const verb = statement.effect === "Deny" ? "denies" : "grants";
      const objectSuggestion = bare ? `${bare.value}/object/*` : "";
      const bareSuggestion = object ? bareOf(object.value) : "";
      if (unserved.length === actions.length) {
        const data = { verb, actions: actions.map((a) => a.value).join(", "), resources: resources.map((r) => r.value).join(", ") };
        // Every resource is of one kind and every action needs the other.
        if (!object) context.report({ messageId: "grantsNothingObjectActions", pointer: statement.pointer, data: { ...data, suggestion: objectSuggestion } });
        else context.report({ messageId: "grantsNothingBucketActions", pointer: statement.pointer, data: { ...data, suggestion: bareSuggestion } });
        continue;
      }
      for (const action of unserved) {
        if (!object) context.report({ messageId: "objectActionNeedsObjectResource", pointer: action.pointer, data: { action: action.value, verb, suggestion: objectSuggestion } });
        else context.report({ messageId: "bucketActionNeedsMrapResource", pointer: action.pointer, data: { action: action.value, verb, suggestion: bareSuggestion } });
      }
    }
  },
});
