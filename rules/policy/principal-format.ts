import { defineRule, type DocumentKind, type FindingData, type Severity } from "../../src/engine/rule-kit.js";
import { parseArn } from "../../src/iam/arn.js";
import { policyModel, type PrincipalType } from "../../src/iam/policy-model.js";
import { POLICY_NAMES } from "../../src/mrap/policy-names.js";
import { hasWildcard } from "../../src/iam/wildcard.js";

type MessageId =
  | "unsupportedWildcard"
  | "invalidAccountId"
  | "deletedPrincipal"
  | "invalidAwsPrincipal"
  | "missingResourceType"
  | "groupPrincipal"
  | "invalidResourceType"
  | "wrongService"
  | "arnRegion"
  | "invalidArnAccount"
  | "incompleteArn"
  | "awsPrincipalAsService"
  | "invalidServicePrincipal"
  | "federatedPrincipal"
  | "invalidCanonicalUser";

interface Problem {
  messageId: MessageId;
  data?: FindingData;
  severity?: Severity;
}

const ACCOUNT = /^\d{12}$/;
const PARTITION = /^aws(-[a-z0-9]+)*$/;
/** IAM unique IDs of users (AIDA…) and roles (AROA…), which a policy shows once the principal is deleted. */
const UNIQUE_ID = /^(AIDA|AROA)[A-Z0-9]{12,}$/;
const SERVICE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
const CANONICAL_USER = /^[0-9a-f]{64}$/i;

export default defineRule({
  id: "policy/principal-format",
  meta: {
    type: "problem",
    docs: { description: "Require principals written in a form AWS accepts in S3 resource policies", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      unsupportedWildcard:
        '{{type}} principal "{{principal}}" contains a wildcard; IAM does not support wildcards in principals, except a lone "*" under "AWS" for everyone (Access Analyzer UNSUPPORTED_WILDCARD_IN_PRINCIPAL). Name each principal exactly, or use "Principal": "*" with an ArnLike condition on aws:PrincipalArn to match a pattern.',
      invalidAccountId:
        'AWS principal "{{principal}}" is not a 12-digit account id; write the account id as exactly 12 digits, without hyphens or spaces and keeping any leading zeros, or as arn:aws:iam::ACCOUNT:root.',
      deletedPrincipal:
        'AWS principal "{{principal}}" is an IAM unique ID, which AWS shows in place of a user or role that was deleted; the statement no longer applies to anyone, even if a user or role with the same name is created again. Replace it with the ARN of the current user or role, or remove it.',
      invalidAwsPrincipal:
        'AWS principal "{{principal}}" is not "*", a 12-digit account id or an IAM principal ARN: {{reason}}. Write an account id (111122223333) or an ARN such as arn:aws:iam::111122223333:root, arn:aws:iam::111122223333:user/NAME or arn:aws:iam::111122223333:role/NAME.',
      missingResourceType:
        'AWS principal "{{principal}}" names "{{name}}" without a resource type, so it matches no principal (the MRAP policy example in the S3 user guide has this typo). Write "{{suggestion}}" for an IAM user, or role/{{name}} for a role.',
      groupPrincipal:
        'AWS principal "{{principal}}" is an IAM user group; a group cannot be a principal, because groups relate to permissions, not authentication. Name the users or a role instead, or grant the group access in an IAM policy attached to the group.',
      invalidResourceType:
        'AWS principal "{{principal}}" has the resource type "{{resourceType}}", which is not a principal; IAM principals are root, user/NAME and role/NAME (arn:aws:iam::…), and STS sessions are assumed-role/ROLE/SESSION and federated-user/NAME (arn:aws:sts::…).',
      wrongService: 'AWS principal "{{principal}}" uses the "{{service}}" service, but {{resourceType}} principals are {{expected}} ARNs; write "{{suggestion}}".',
      arnRegion: 'AWS principal "{{principal}}" has the Region "{{region}}", but IAM and STS principal ARNs have no Region; write "{{suggestion}}".',
      invalidArnAccount:
        'AWS principal "{{principal}}" has the account "{{account}}", which is not a 12-digit account id; write the 12 digits of the account, keeping any leading zeros.',
      incompleteArn: 'AWS principal "{{principal}}" is missing the {{part}}; write it as {{form}}.',
      awsPrincipalAsService:
        'Service principal "{{principal}}" is {{what}}, not an AWS service; name accounts, users and roles under "AWS" instead of "Service".',
      invalidServicePrincipal:
        'Service principal "{{principal}}" is not a service principal name; AWS service principals are written like service-name.amazonaws.com (Access Analyzer INVALID_SERVICE_PRINCIPAL_FORMAT), for example "{{suggestion}}".',
      federatedPrincipal:
        'Federated principal "{{principal}}" cannot be used in an S3 {{policy}}: federated identity providers (SAML, OIDC, Cognito) are supported only in IAM role trust policies, and you cannot use them in the Principal of an S3 bucket policy or other resource policy (Access Analyzer FEDERATED_PRINCIPAL_NOT_SUPPORTED). Grant access to the IAM role that the federated users assume, for example {"AWS": "arn:aws:iam::111122223333:role/NAME"}.',
      invalidCanonicalUser:
        'CanonicalUser principal "{{principal}}" is not a canonical user ID, which is 64 hexadecimal characters; correct the ID, or name the account under "AWS" as a 12-digit account id instead.',
    },
  },
  check(context) {
    for (const statement of policyModel(context.value).statements) {
      for (const principal of [statement.principal, statement.notPrincipal]) {
        for (const entry of principal?.entries ?? []) {
          const problem = checkPrincipal(entry.type, entry.value, context.kind);
          if (problem) context.report({ messageId: problem.messageId, pointer: entry.pointer, data: { principal: entry.value, ...problem.data }, severity: problem.severity });
        }
      }
    }
  },
});

function checkPrincipal(type: PrincipalType, value: string, kind: DocumentKind): Problem | undefined {
  if (type === "Federated") return { messageId: "federatedPrincipal", data: { policy: POLICY_NAMES[kind] } };
  if (type === "AWS" && value === "*") return undefined;
  if (hasWildcard(value)) return { messageId: "unsupportedWildcard", data: { type } };
  if (type === "AWS") return checkAws(value);
  if (type === "Service") return checkService(value);
  return CANONICAL_USER.test(value) ? undefined : { messageId: "invalidCanonicalUser" };
}

function checkAws(value: string): Problem | undefined {
  if (ACCOUNT.test(value)) return undefined;
  if (/^[\d\s-]+$/.test(value)) return { messageId: "invalidAccountId" };
  if (UNIQUE_ID.test(value)) return { messageId: "deletedPrincipal", severity: "warning" };
  if (!value.startsWith("arn:")) return { messageId: "invalidAwsPrincipal", data: { reason: "it is not an ARN (an ARN starts with arn:)" } };
  const arn = parseArn(value);
  if (!arn) return { messageId: "invalidAwsPrincipal", data: { reason: "an ARN has six parts separated by colons, arn:partition:service:region:account:resource" } };
  const { partition, service, region, account, resource } = arn;
  if (!PARTITION.test(partition)) return { messageId: "invalidAwsPrincipal", data: { reason: `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov, …)` } };
  if (service !== "iam" && service !== "sts") return { messageId: "invalidAwsPrincipal", data: { reason: `it is an ARN of the "${service}" service, and principals are IAM or STS ARNs` } };
  if (region !== "") return { messageId: "arnRegion", data: { region, suggestion: `arn:${partition}:${service}::${account}:${resource}` } };
  if (!ACCOUNT.test(account)) return { messageId: "invalidArnAccount", data: { account } };
  const base = (svc: string) => `arn:${partition}:${svc}::${account}:`;
  const slash = resource.indexOf("/");
  if (slash < 0) {
    if (resource === "root") return service === "iam" ? undefined : wrong(service, "root", "iam", `${base("iam")}root`);
    const form = FORMS[resource];
    if (form) return { messageId: "incompleteArn", data: { part: form.part, form: `${base(form.service)}${form.example}` } };
    if (resource === "") return { messageId: "incompleteArn", data: { part: "resource", form: `${base("iam")}root` } };
    return { messageId: "missingResourceType", data: { name: resource, suggestion: `${base("iam")}user/${resource}` } };
  }
  const resourceType = resource.slice(0, slash);
  const rest = resource.slice(slash + 1);
  if (resourceType === "group") return { messageId: "groupPrincipal" };
  const form = FORMS[resourceType];
  if (!form) return { messageId: "invalidResourceType", data: { resourceType } };
  if (service !== form.service) return wrong(service, resourceType, form.service, `${base(form.service)}${resource}`);
  const names = rest.split("/");
  const complete = resourceType === "assumed-role" ? names.length >= 2 && names.every((n) => n !== "") : rest !== "" && !rest.endsWith("/");
  return complete ? undefined : { messageId: "incompleteArn", data: { part: form.part, form: `${base(form.service)}${form.example}` } };
}

/** The principal resource types, the service whose ARNs carry them, and the part a bare type lacks. */
const FORMS: Record<string, { service: "iam" | "sts"; part: string; example: string } | undefined> = {
  user: { service: "iam", part: "user name", example: "user/NAME" },
  role: { service: "iam", part: "role name", example: "role/NAME" },
  "assumed-role": { service: "sts", part: "role name or session name", example: "assumed-role/ROLE/SESSION" },
  "federated-user": { service: "sts", part: "federated user name", example: "federated-user/NAME" },
};

function wrong(service: string, resourceType: string, expected: string, suggestion: string): Problem {
  return { messageId: "wrongService", data: { service, resourceType: `"${resourceType}"`, expected: expected.toUpperCase(), suggestion } };
}

function checkService(value: string): Problem | undefined {
  if (ACCOUNT.test(value)) return { messageId: "awsPrincipalAsService", data: { what: "an account id" } };
  if (value.startsWith("arn:")) return { messageId: "awsPrincipalAsService", data: { what: "an ARN" } };
  if (SERVICE.test(value)) return undefined;
  const cleaned = value
    .trim()
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/+$/, "")
    .toLowerCase();
  const suggestion = SERVICE.test(cleaned) ? cleaned : /^[a-z0-9-]+$/.test(cleaned) ? `${cleaned}.amazonaws.com` : "service-name.amazonaws.com";
  return { messageId: "invalidServicePrincipal", data: { suggestion } };
}
