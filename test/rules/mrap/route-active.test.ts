import rule from "../../../rules/mrap/route-active.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const ROUTES = "/MultiRegionAccessPoint/Routes";
const threeRegions: JsonValue[] = [
  { Bucket: "orders-use1", Region: "us-east-1" },
  { Bucket: "orders-euw1", Region: "eu-west-1" },
  { Bucket: "orders-apne1" },
];

ruleTester(rule, {
  valid: [
    { name: "one active, one passive", doc: manifest({ Routes: [{ Region: "us-east-1", TrafficDialPercentage: 100 }, { Region: "eu-west-1", TrafficDialPercentage: 0 }] }) },
    { name: "a single active route", doc: manifest({ Routes: [{ Bucket: "orders-euw1", TrafficDialPercentage: 100 }] }) },
    { name: "no Routes", doc: manifest() },
    { name: "empty Routes", doc: manifest({ Routes: [] }) },
    { name: "an undocumented dial is not passive (route-dial reports it)", doc: manifest({ Routes: [{ Region: "us-east-1", TrafficDialPercentage: 50 }, { Region: "eu-west-1", TrafficDialPercentage: 0 }] }) },
    { name: "a route without a dial is left to valid-schema", doc: manifest({ Routes: [{ Region: "us-east-1" }, { Region: "eu-west-1", TrafficDialPercentage: 0 }] }) },
  ],
  invalid: [
    {
      name: "every Region passive, by Region",
      doc: manifest({ Routes: [{ Region: "us-east-1", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 0 }] }),
      errors: [{ messageId: "allPassive", pointer: ROUTES, severity: "error" }],
    },
    {
      name: "every bucket passive, by Bucket and by Region",
      doc: manifest({ Regions: threeRegions, Routes: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 0 }, { Bucket: "orders-apne1", TrafficDialPercentage: 0 }] }),
      errors: [{ messageId: "allPassive", pointer: ROUTES }],
    },
    {
      name: "only listed Region passive: depends on the unlisted one",
      doc: manifest({ Routes: [{ Region: "us-east-1", TrafficDialPercentage: 0 }] }),
      errors: [{ messageId: "allListedPassive", pointer: ROUTES, data: { unlisted: "orders-euw1 in eu-west-1" }, severity: "warning" }],
    },
    {
      name: "a bucket without a declared Region is not covered by a Region route",
      doc: manifest({ Regions: threeRegions, Routes: [{ Region: "us-east-1", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 0 }] }),
      errors: [{ messageId: "allListedPassive", pointer: ROUTES, data: { unlisted: "orders-apne1" } }],
    },
    {
      name: "a route naming a bucket outside the MRAP covers nothing",
      doc: manifest({ Routes: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }, { Bucket: "orders-usw2", TrafficDialPercentage: 0 }] }),
      errors: [{ messageId: "allListedPassive", pointer: ROUTES, data: { unlisted: "orders-euw1 in eu-west-1" } }],
    },
  ],
});
