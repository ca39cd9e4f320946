using System;

namespace CspUpgrade.Engine.Upgrades
{
    /// <summary>
    /// "Cancel and add" proration (SPEC 1.6): d = days from today to periodEnd inclusive, D = days of the current period;
    /// credit = source price x quantity x d/D, charge = target price x new quantity x d/D, each rounded to cents away from zero.
    /// </summary>
    internal static class BillingCalculator
    {
        public static BillingImpact Calculate(CatalogOffer source, int sourceQuantity, CatalogOffer target, int targetQuantity, BillingCycle cycle, DateTime? periodEnd, DateTime today)
        {
            if (source.UnitPrice is null || target.UnitPrice is null)
            {
                string missing = source.UnitPrice is null && target.UnitPrice is null
                    ? $"{source.OfferId} and {target.OfferId}"
                    : source.UnitPrice is null ? source.OfferId : target.OfferId;
                return BillingImpact.Unavailable($"The catalogue has no unit price for {missing}; add unitPrice (and currency) to the catalogue to see the billing impact.");
            }
            if (source.Currency != null && target.Currency != null && !string.Equals(source.Currency, target.Currency, StringComparison.OrdinalIgnoreCase))
            {
                return BillingImpact.Unavailable($"{source.OfferId} is priced in {source.Currency} and {target.OfferId} in {target.Currency}; they cannot be netted.");
            }
            if (periodEnd is null)
            {
                return BillingImpact.Unavailable("The subscription has no periodEnd, so the unused part of its billing period is unknown.");
            }

            var end = periodEnd.Value.Date;
            var day = today.Date;
            if (day > end)
            {
                return BillingImpact.Unavailable($"The billing period ended on {end:yyyy-MM-dd}; the subscription is waiting for renewal.");
            }
            var start = PeriodStart(end, cycle);
            int daysInPeriod = (end - start).Days + 1;
            int daysRemaining = (end - day).Days + 1;
            if (daysRemaining > daysInPeriod)
            {
                daysRemaining = daysInPeriod;
            }

            decimal months = Months(cycle);
            decimal credit = Prorate(source.UnitPrice.Value * months * sourceQuantity, daysRemaining, daysInPeriod);
            decimal charge = Prorate(target.UnitPrice.Value * months * targetQuantity, daysRemaining, daysInPeriod);
            return BillingImpact.Of(credit, charge, target.Currency ?? source.Currency ?? "USD", daysRemaining, daysInPeriod);
        }

        /// <summary>
        /// First day of the period ending on <paramref name="end"/>. A period ending on a month's last day is a calendar
        /// month (November: 1-30); otherwise it starts the day after the same date one month (or year) earlier.
        /// </summary>
        public static DateTime PeriodStart(DateTime end, BillingCycle cycle)
        {
            if (cycle == BillingCycle.Annual)
            {
                return end.AddYears(-1).AddDays(1);
            }
            if (cycle == BillingCycle.Triennial)
            {
                return end.AddYears(-3).AddDays(1);
            }
            return end.AddDays(1).Day == 1 ? new DateTime(end.Year, end.Month, 1, 0, 0, 0, end.Kind) : end.AddMonths(-1).AddDays(1);
        }

        /// <summary>Months a billing period holds: unitPrice is per seat per month (SPEC 1.6, 1.9: x12 Annual, x36 Triennial).</summary>
        public static decimal Months(BillingCycle cycle) => cycle switch
        {
            BillingCycle.Annual => 12m,
            BillingCycle.Triennial => 36m,
            _ => 1m,
        };

        /// <summary>
        /// Seats moved into an existing subscription (SPEC 1.9): the credit over the source's current period at its price, the
        /// charge over the target subscription's own period at the target's price. Days reported are the source's.
        /// </summary>
        public static BillingImpact CalculateInto(CatalogOffer source, BillingCycle sourceCycle, DateTime? sourcePeriodEnd, CatalogOffer target, BillingCycle targetCycle, DateTime? targetPeriodEnd, int seats, DateTime today)
        {
            var credit = Calculate(source, seats, target, seats, sourceCycle, sourcePeriodEnd, today);
            if (credit.Credit is null)
            {
                return credit;
            }
            var charge = Calculate(source, seats, target, seats, targetCycle, targetPeriodEnd, today);
            if (charge.Charge is null)
            {
                return BillingImpact.Unavailable("Target subscription: " + charge.UnavailableReason);
            }
            return BillingImpact.Of(credit.Credit.Value, charge.Charge.Value, credit.Currency!, credit.DaysRemaining!.Value, credit.DaysInPeriod!.Value);
        }

        private static decimal Prorate(decimal periodAmount, int daysRemaining, int daysInPeriod) =>
            Math.Round(periodAmount * daysRemaining / daysInPeriod, 2, MidpointRounding.AwayFromZero);
    }
}
