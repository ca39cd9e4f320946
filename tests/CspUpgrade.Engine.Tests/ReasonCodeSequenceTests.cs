using System;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// The ReasonCodes column of bulk results is built from a cache keyed by the code sequence. Each code must keep its own
/// key whatever its ordinal: with more than 16 codes a 4-bit field let two sequences share a key and print each other's codes.
/// </summary>
public class ReasonCodeSequenceTests
{
    private static readonly ReasonCode[] s_codes = (ReasonCode[])Enum.GetValues(typeof(ReasonCode));

    private static string Codes(params ReasonCode[] codes) =>
        new EligibilityResult(null!, null!, null!, null, UpgradeType.UpgradeOnly, 1, codes.Select(c => new ReasonEntry(c)).ToArray()).ReasonCodes;

    [Fact]
    public void EveryOrderedPairOfCodesPrintsItsOwnNames()
    {
        Assert.True(s_codes.Length > 16, "the enum now has more codes than a 4-bit field holds");
        foreach (var a in s_codes)
        {
            foreach (var b in s_codes)
            {
                Assert.Equal($"{a}, {b}", Codes(a, b));
            }
        }
    }

    [Fact]
    public void LongSequencesOfHighCodesPrintEveryCodeInOrder()
    {
        var high = s_codes.Skip(12).ToArray();
        for (int i = 0; i + 4 < high.Length; i++)
        {
            var run = high.Skip(i).Take(5).ToArray();
            Assert.Equal(string.Join(", ", run), Codes(run));
            Assert.Equal(string.Join(", ", run.Take(4)), Codes(run.Take(4).ToArray()));
        }
    }

    [Fact]
    public void RepeatedCodesAreCountedPerRun()
    {
        Assert.Equal("UserLicenseError, UserLicenseError, Other", Codes(ReasonCode.UserLicenseError, ReasonCode.UserLicenseError, ReasonCode.Other));
        Assert.Equal("Other, UserLicenseError", Codes(ReasonCode.Other, ReasonCode.UserLicenseError));
    }
}
