using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>ReasonCodes strings are built once per code sequence and shared; long sequences must never share a wrong one.</summary>
public class ReasonCodesCacheTests
{
    private static EligibilityResult Result(params ReasonCode[] codes) =>
        new EligibilityResult(null!, null!, null!, null, UpgradeType.UpgradeWithLicenseTransfer, 1, codes.Select(c => new ReasonEntry(c)).ToArray());

    [Fact]
    public void Sequences_of_up_to_eight_codes_are_shared_and_every_sequence_keeps_its_own_text()
    {
        var eight = new[]
        {
            ReasonCode.SubscriptionStatusNotActive, ReasonCode.DelegatedAdminPermissionsDisabled, ReasonCode.SubscriptionAddOnsPresent,
            ReasonCode.ConflictingServiceTypes, ReasonCode.TargetOfferAlreadyOwned, ReasonCode.MarketRestriction, ReasonCode.SeatLimitExceeded,
            ReasonCode.PartnerRoleNotPermitted,
        };
        string expected = string.Join(", ", eight);

        var first = Result(eight).ReasonCodes;
        var second = Result(eight).ReasonCodes;

        Assert.Equal(expected, first);
        Assert.Same(first, second);
        // The same codes in another order, one fewer, one more, and a code twice are other sequences with their own texts.
        Assert.Equal(string.Join(", ", eight.Reverse()), Result(eight.Reverse().ToArray()).ReasonCodes);
        Assert.Equal(string.Join(", ", eight.Take(7)), Result(eight.Take(7).ToArray()).ReasonCodes);
        var nine = eight.Append(ReasonCode.SubscriptionNotProvisioned).ToArray();
        Assert.Equal(string.Join(", ", nine), Result(nine).ReasonCodes);
        var twice = eight.Take(6).Append(ReasonCode.MarketRestriction).Concat(eight.Skip(6)).ToArray();
        Assert.Equal(string.Join(", ", twice), Result(twice).ReasonCodes);
    }
}
