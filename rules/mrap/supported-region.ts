import { defineRule, editDistance, suggester, type Suggest } from "../../src/engine/rule-kit.js";
import { regionsOf } from "../../src/mrap/manifest.js";
import { MRAP_REGIONS, isDefaultMrapRegion, isOptInMrapRegion, looksLikeRegionCode } from "../../src/mrap/regions.js";

/** "ap-southeast-" of "ap-southeast-4": Regions that differ only in this number are different Regions, not typos. */
const stem = (region: string) => region.replace(/\d+$/, "");

/** A likely typo of a supported Region, but not a different (possibly real) Region of the same area. */
function suggestionFor(region: string, didYouMean: Suggest): string | undefined {
  const suggestion = didYouMean(region, MRAP_REGIONS);
  if (suggestion === undefined || !looksLikeRegionCode(region)) return suggestion;
  return editDistance(region, suggestion) <= 1 && stem(region) !== stem(suggestion) ? suggestion : undefined;
}

export default defineRule({
  id: "mrap/supported-region",
  meta: {
    type: "problem",
    docs: { description: "Require every bucket's Region to be one where Multi-Region Access Points are available", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      optInRegion:
        'Region "{{region}}" is an opt-in Region: every account involved (the requester, the MRAP owner, each bucket owner and any VPC endpoint owner) must enable it. Creating the MRAP fails with 403 InvalidRegion if its owner has not, and requests from an account that has not opted in fail with 400 InvalidToken.',
      didYouMean:
        'Region "{{region}}" is not one of the 29 Regions where Multi-Region Access Points are available; did you mean "{{suggestion}}"? If not, use a bucket in a supported Region.',
      unsupportedRegion:
        'Region "{{region}}" is not one of the 29 Regions where Multi-Region Access Points are available (17 enabled by default and 12 opt-in); use a bucket in a supported Region.',
      notARegion: 'Region "{{region}}" is not a Region code; write the code of the bucket\'s Region, such as "us-east-1".',
    },
  },
  check(context) {
    const didYouMean = suggester();
    for (const entry of regionsOf(context.value) ?? []) {
      const region = entry.region;
      if (region === undefined || isDefaultMrapRegion(region)) continue;
      const pointer = `${entry.pointer}/Region`;
      if (isOptInMrapRegion(region)) {
        context.report({ messageId: "optInRegion", pointer, data: { region }, severity: "warning" });
        continue;
      }
      const suggestion = suggestionFor(region, didYouMean);
      if (suggestion !== undefined) context.report({ messageId: "didYouMean", pointer, data: { region, suggestion } });
      else context.report({ messageId: looksLikeRegionCode(region) ? "unsupportedRegion" : "notARegion", pointer, data: { region } });
    }
  },
});
