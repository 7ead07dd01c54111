// Allure 3 report settings for `npm run report` (scripts/report.ts): grouped by API (epic), contract area
// (feature) and probe (story), as the suite labels its cases.
export default {
  name: "pc-contract conformance",
  plugins: {
    awesome: {
      options: {
        reportName: "pc-contract conformance",
        groupBy: ["epic", "feature", "story"],
      },
    },
  },
};
