/**
 * The MRAP policy as the apply reads it: strictly. A 200 without a Policy element, or an Established policy
 * that is not JSON, is an unknown state (a ServiceError coded `UnreadableResponse`), never "no policy yet":
 * comparing new access against nothing, or claiming a policy landed, would be a guess.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetMultiRegionAccessPointPolicy.html
 */
import { ServiceError, type LiveMrapPolicy } from "../engine/services.js";
import { callWithRetry } from "../aws/retry.js";
import type { Session } from "./session.js";

const OPERATION = "GetMultiRegionAccessPointPolicy";

function isCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes(error.name);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** `undefined` when the MRAP does not exist; `{}` when it has no policy. */
export async function readMrapPolicy(session: Session, accountId: string, name: string): Promise<LiveMrapPolicy | undefined> {
  const { GetMultiRegionAccessPointPolicyCommand } = await import("@aws-sdk/client-s3-control");
  const client = await session.clients.s3Control();
  return callWithRetry("S3 Control", OPERATION, async (abortSignal) => {
    let out;
    try {
      out = await client.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: accountId, Name: name }), { abortSignal });
    } catch (error) {
      if (isCode(error, "NoSuchMultiRegionAccessPoint")) return undefined;
      if (isCode(error, "NoSuchMultiRegionAccessPointPolicy", "NoSuchPolicy")) return {};
      throw error;
    }
    const requestId = out.$metadata.requestId;
    const unreadable = (why: string) => new ServiceError("S3 Control", OPERATION, "UnreadableResponse", why, requestId, out.$metadata.httpStatusCode);
    if (out.Policy === undefined) throw unreadable("AWS answered without a Policy element (an empty answer), so the live policy is unknown");
    const established = out.Policy.Established?.Policy;
    const proposed = out.Policy.Proposed?.Policy;
    for (const [which, text] of [["Established", established], ["Proposed", proposed]] as const) {
      if (text !== undefined && text !== "" && !isJsonObject(text)) throw unreadable(`the ${which} policy AWS returned is not a JSON object, so the live policy is unknown`);
    }
    return { ...(established ? { established } : {}), ...(proposed ? { proposed } : {}) };
  }, session.retry);
}
