using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Testing.PartnerCenter
{
    /// <summary>
    /// What a recorded request was, in the terms a sweep is counted in (the benchmark's minimum): the connection check,
    /// customer pages, customer details, subscription lists, eligibility requests (legacy <c>upgrades</c> and new-commerce
    /// <c>transitionEligibilities</c> alike: one per subscription whatever the route), subscription reads and writes.
    /// </summary>
    public static class FakeRoutes
    {
        public const string Connection = "connection check";
        public const string CustomerPages = "customer pages";
        public const string CustomerDetails = "customer details";
        public const string SubscriptionLists = "subscription lists";
        public const string SubscriptionReads = "subscription reads";
        public const string Eligibility = "eligibility";
        public const string Writes = "writes";
        public const string Other = "other";

        /// <summary>The route of one request (its path relative to v1/, as <see cref="RecordedRequest.Path"/> holds it).</summary>
        public static string Of(RecordedRequest request) => Of(request.Method, request.Path);

        public static string Of(string method, string path)
        {
            if (!string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
            {
                return Writes;
            }
            string[] parts = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            if (path.StartsWith("/", StringComparison.Ordinal))
            {
                return Other; // outside v1/
            }
            if (parts.Length == 2 && parts[0] == "profiles" && parts[1] == "organization")
            {
                return Connection;
            }
            if (parts.Length == 0 || parts[0] != "customers")
            {
                return Other;
            }
            switch (parts.Length)
            {
                case 1:
                    return CustomerPages;
                case 2:
                    return CustomerDetails;
                case 3 when parts[2] == "subscriptions":
                    return SubscriptionLists;
                case 4 when parts[2] == "subscriptions":
                    return SubscriptionReads;
                case 5 when parts[2] == "subscriptions" && (parts[4] == "upgrades" || parts[4].IndexOf("eligibilit", StringComparison.OrdinalIgnoreCase) >= 0):
                    return Eligibility;
                default:
                    return Other;
            }
        }

        /// <summary>Requests per route, in the order of first appearance.</summary>
        public static IReadOnlyList<KeyValuePair<string, int>> Count(IEnumerable<RecordedRequest> requests) =>
            requests.GroupBy(Of).Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).ToList();
    }
}
