import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { didYouMean, MAX_SUGGESTIONS_PER_FILE, suggester } from "../../src/engine/suggest.js";

describe("suggester: a budget of did-you-mean searches for one rule's check of one file", () => {
  it("answers as didYouMean for the first searches, then gives no suggestion", () => {
    const suggest = suggester(3);
    const names = ["GetObject", "PutObject", "ListBucket"];
    assert.equal(suggest("GetObjet", names), "GetObject");
    assert.equal(suggest("PutObjekt", names), "PutObject");
    assert.equal(suggest("nothing-near", names), undefined);
    assert.equal(suggest("GetObjet", names), undefined, "the budget is spent");
  });

  it("lists candidates given as a function only while the budget lasts", () => {
    const suggest = suggester(1);
    let listed = 0;
    const candidates = () => {
      listed++;
      return ["GetObject"];
    };
    assert.equal(suggest("GetObjet", candidates), "GetObject");
    assert.equal(suggest("GetObjet", candidates), undefined);
    assert.equal(listed, 1);
  });

  it(`defaults to ${MAX_SUGGESTIONS_PER_FILE} searches, as many findings as a report shows per file`, () => {
    const suggest = suggester();
    const answers = Array.from({ length: MAX_SUGGESTIONS_PER_FILE + 1 }, () => suggest("GetObjet", ["GetObject"]));
    assert.equal(answers.filter((a) => a === "GetObject").length, MAX_SUGGESTIONS_PER_FILE);
    assert.equal(answers.at(-1), undefined);
    assert.equal(didYouMean("GetObjet", ["GetObject"]), "GetObject", "didYouMean itself has no budget");
  });
});
