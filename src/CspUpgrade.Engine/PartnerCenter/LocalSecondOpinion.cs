using System.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Where the catalogue maps both offers, runs this module's own rules on the same data as Partner Center and records
    /// their verdict (<see cref="EligibilityResult.LocalReasonCodes"/>), and how they disagree with Partner Center's.
    /// </summary>
    internal static class LocalSecondOpinion
    {
        /// <param name="target">Null for "every path": the local rules' eligible targets, or their reasons when there are none.</param>
        public static void Add(EligibilityResult result, EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer? target, UpgradeType type, int? quantity) =>
            Add(result, engine, context, subscription, target, new UpgradeChoice(type, quantity));

        /// <param name="choice">The upgrade as asked (for new commerce also -ToSubscriptionId and -AtRenewal): the local rules judge the same request.</param>
        public static void Add(EligibilityResult result, EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer? target, UpgradeChoice choice)
        {
            var catalog = engine.Catalog;
            if (catalog.Find(subscription.OfferId) is null || (target != null && !ReferenceEquals(catalog.Find(target.OfferId), target)) || context.Catalog != catalog)
            {
                return;
            }
            bool localEligible;
            string localCodes;
            try
            {
                if (target != null)
                {
                    var local = engine.Check(context, subscription, target, choice);
                    localEligible = local.IsEligible;
                    localCodes = local.ReasonCodes;
                }
                else
                {
                    var all = engine.CheckAllPaths(context, subscription, choice);
                    var eligibleTargets = all.Where(r => r.IsEligible).Select(r => r.TargetOfferId).ToList();
                    localEligible = eligibleTargets.Count > 0;
                    localCodes = localEligible
                        ? "paths to " + string.Join(", ", eligibleTargets)
                        : string.Join(", ", all.SelectMany(r => r.Reasons.Select(x => x.Code)).Distinct().Select(c => c.ToString()));
                }
            }
            catch (OfferNotFoundException)
            {
                return;
            }

            result.LocalReasonCodes = localEligible && target != null ? "Eligible" : localCodes;
            if (localEligible != result.IsEligible)
            {
                result.Disagreement = result.IsEligible
                    ? $"Partner Center allows this upgrade, but this module's rules refuse it ({localCodes}); Partner Center decides, but check the catalogue and the customer's other subscriptions."
                    : target is null
                        ? $"Partner Center lists no upgrade for this subscription, but the catalogue has {localCodes}."
                        : $"Partner Center refuses this upgrade ({result.ReasonCodes}), but this module's rules allow it; Partner Center decides.";
            }
        }
    }
}
