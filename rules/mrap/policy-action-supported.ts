import { defineRule } from "../../src/engine/rule-kit.js";
import {
  BATCH_OPERATIONS_ACTIONS,
  classifyS3Action,
  isS3Service,
  matchingNames,
  MRAP_CONTROL_ACTIONS,
  MRAP_DATA_ACTIONS,
  MRAP_VERSION_ACTIONS,
  splitAction,
} from "../../src/mrap/s3-actions.js";
import { action as realAction, expandAction, serviceExists } from "../../src/iam/service-reference.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { actionMatches, hasWildcard } from "../../src/iam/wildcard.js";

const options = {
  type: "object",
  additionalProperties: false,
  properties: {
    additionalActions: {
      type: "array",
      items: { type: "string", pattern: "^s3:[A-Za-z0-9]+$" },
      uniqueItems: true,
      description: "S3 actions to accept as usable through an MRAP in addition to the documented list (for operations AWS adds later).",
    },
  },
} as const;

type Options = { additionalActions: string[] };

const DATA_NAMES = MRAP_DATA_ACTIONS.map((a) => a.name);
const s3 = (name: string) => `s3:${name}`;
const list = (names: readonly string[]) => names.map(s3).join(", ");

export default defineRule<
  "otherService" | "unsupported" | "operationName" | "copyObject" | "controlPlane" | "batchOperations" | "versionAction" | "patternMatchesNothing",
  Options
>({
  id: "mrap/policy-action-supported",
  meta: {
    type: "problem",
    docs: { description: "Require MRAP policy actions to be ones a request through a Multi-Region Access Point can use", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy"],
    options,
    defaultOptions: { additionalActions: [] },
    messages: {
      otherService:
        'Action "{{action}}" belongs to the "{{service}}" service, not Amazon S3. An MRAP policy only governs S3 requests made through the MRAP, so this action has no effect here; put it in the policy of the resource it is meant for.',
      unsupported:
        'Action "{{action}}" is not one a request through an MRAP can use, so granting it here has no effect. MRAPs serve object requests and listing only (s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket, multipart uploads, object tags, ACLs, legal hold, retention and s3:RestoreObject); remove it, or set it on the bucket or access point it applies to.',
      operationName:
        'Action "{{action}}" is the API operation {{operation}}, not an IAM action, so it grants nothing. A {{operation}} request through the MRAP is authorized by "{{suggestion}}"; write that instead.',
      copyObject:
        'Action "{{action}}" is the API operation CopyObject, not an IAM action, so it grants nothing. Through an MRAP, CopyObject works only with the MRAP ARN as the destination, and writing the destination object is authorized by "s3:PutObject"; grant that instead.',
      controlPlane:
        'Action "{{action}}" is a management (control-plane) action ({{actions}}), but an MRAP policy only governs requests made through the MRAP, so this grant has no effect. Grant management actions in the IAM identity policy of whoever manages the MRAP.',
      batchOperations:
        'Action "{{action}}" is an S3 Batch Operations action ({{actions}}), and S3 Batch Operations isn\'t supported with Multi-Region Access Points. Remove it from the MRAP policy; run batch jobs against the underlying buckets.',
      versionAction:
        'Action "{{action}}" is version-specific ({{actions}}), and the documented list of operations an MRAP accepts (AWS\'s 2023 list) names no version-specific action, so it may have no effect here. AWS does recommend version ids in requests through an MRAP, so it may well work: confirm against the current MrapOperations page, then list it in the "additionalActions" option, or use {{base}}.',
      patternMatchesNothing:
        'Action pattern "{{action}}" matches none of the actions a request through an MRAP can use, so it grants nothing through the MRAP. MRAPs serve object requests and listing only (s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket, …); write the actions this statement needs.',
    },
  },
  check(context) {
    const extra = context.options.additionalActions.map((a) => a.slice(a.indexOf(":") + 1));
    const supported = [...DATA_NAMES, ...extra];
    const isSupported = (name: string) => supported.some((s) => actionMatches(name, s));
    for (const statement of policyModel(context.value).statements) {
      // NotAction is left alone: "everything but these" names no action to check.
      for (const { value: action, pointer } of statement.action ?? []) {
        if (action === "*") continue;
        const parts = splitAction(action);
        // Actions without a service prefix are policy/action-exists's to report.
        if (!parts) continue;
        const { service, name } = parts;
        if (!isS3Service(service)) {
          // An unknown service prefix is policy/action-exists's to report.
          if (!hasWildcard(service) && !serviceExists(service)) continue;
          context.report({ messageId: "otherService", pointer, data: { action, service } });
          continue;
        }
        // s3:* and s3:Get* also grant unsupported actions; their breadth is policy/no-wildcard-action's concern.
        if (isSupported(name)) continue;
        if (hasWildcard(name)) {
          const version = matchingNames(name, MRAP_VERSION_ACTIONS.map((a) => a.name));
          const control = matchingNames(name, MRAP_CONTROL_ACTIONS);
          const batch = matchingNames(name, BATCH_OPERATIONS_ACTIONS);
          if (version.length > 0) {
            const bases = [...new Set(MRAP_VERSION_ACTIONS.filter((a) => version.includes(a.name)).map((a) => a.base))];
            context.report({ messageId: "versionAction", pointer, data: { action, actions: list(version), base: list(bases) }, severity: "warning" });
          } else if (control.length > 0) context.report({ messageId: "controlPlane", pointer, data: { action, actions: list(control) } });
          else if (batch.length > 0) context.report({ messageId: "batchOperations", pointer, data: { action, actions: list(batch) } });
          // A pattern that matches no S3 action at all is policy/action-exists's to report.
          else if (expandAction(`s3:${name}`).length > 0) context.report({ messageId: "patternMatchesNothing", pointer, data: { action } });
          continue;
        }
        const found = classifyS3Action(name);
        switch (found.kind) {
          case "data":
            break;
          case "version":
            context.report({ messageId: "versionAction", pointer, data: { action, actions: s3(found.action.name), base: s3(found.action.base) }, severity: "warning" });
            break;
          case "control":
            context.report({ messageId: "controlPlane", pointer, data: { action, actions: s3(found.name) } });
            break;
          case "batch":
            context.report({ messageId: "batchOperations", pointer, data: { action, actions: s3(found.name) } });
            break;
          case "operation":
            // Not IAM actions, so policy/action-exists reports them too; this message names the action to use instead.
            if (found.operation === "CopyObject") context.report({ messageId: "copyObject", pointer, data: { action } });
            else context.report({ messageId: "operationName", pointer, data: { action, operation: found.operation, suggestion: s3(found.action) } });
            break;
          case "unknown":
            // Names that are no S3 action at all (typos) are policy/action-exists's to report, with a did-you-mean.
            if (realAction("s3", name) !== undefined) context.report({ messageId: "unsupported", pointer, data: { action } });
        }
      }
    }
  },
});
