import rule from "../../../rules/mrap/failover-needs-two.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const ROUTES = "/MultiRegionAccessPoint/Routes";
const one = [{ Bucket: "orders-use1", Region: "us-east-1" }];

ruleTester(rule, {
  valid: [
    { name: "two Regions with routes", doc: manifest({ Routes: [{ Region: "us-east-1", TrafficDialPercentage: 100 }, { Region: "eu-west-1", TrafficDialPercentage: 0 }] }) },
    { name: "one Region without routes", doc: manifest({ Regions: one }) },
    { name: "one Region with an empty Routes list", doc: manifest({ Regions: one, Routes: [] }) },
    {
      name: "three Regions with one route",
      doc: manifest({ Regions: [...one, { Bucket: "orders-euw1" }, { Bucket: "orders-apne1" }], Routes: [{ Bucket: "orders-euw1", TrafficDialPercentage: 0 }] }),
    },
  ],
  invalid: [
    { name: "one Region, one active route", doc: manifest({ Regions: one, Routes: [{ Region: "us-east-1", TrafficDialPercentage: 100 }] }), errors: [{ messageId: "singleRegion", pointer: ROUTES }] },
    { name: "one Region, route by bucket", doc: manifest({ Regions: one, Routes: [{ Bucket: "orders-use1", TrafficDialPercentage: 100 }] }), errors: [{ messageId: "singleRegion", pointer: ROUTES }] },
    {
      name: "one Region without a declared Region, passive route",
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }], Routes: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }),
      errors: [{ messageId: "singleRegion", pointer: ROUTES }],
    },
  ],
});
