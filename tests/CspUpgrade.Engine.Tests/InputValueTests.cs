namespace CspUpgrade.Engine.Tests;

/// <summary>How a value given as text (a CSV cell) is read: strictly, so that a typo is refused instead of meaning a default.</summary>
public class InputValueTests
{
    [Theory]
    [InlineData("UpgradeOnly", UpgradeType.UpgradeOnly)]
    [InlineData(" upgradeonly ", UpgradeType.UpgradeOnly)]
    [InlineData("UPGRADEWITHLICENSETRANSFER", UpgradeType.UpgradeWithLicenseTransfer)]
    public void Enum_names_are_read_case_insensitively(string text, UpgradeType expected)
    {
        Assert.Equal(expected, InputValue.ReadName<UpgradeType>(text, "UpgradeType", out string? problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("Upgrade-Only")]
    [InlineData("1")]
    [InlineData("UpgradeOnly, UpgradeWithLicenseTransfer")]
    public void Anything_but_a_name_is_refused_with_the_allowed_names(string text)
    {
        Assert.Null(InputValue.ReadName<UpgradeType>(text, "UpgradeType", out string? problem));
        Assert.Equal($"'{text}' is not a valid UpgradeType; use one of: UpgradeWithLicenseTransfer, UpgradeOnly.", problem);
    }

    [Theory]
    [InlineData("25", 25)]
    [InlineData(" 7 ", 7)]
    [InlineData("100000", 100000)]
    public void Counts_are_plain_decimal_digits_within_the_range(string text, int expected)
    {
        Assert.Equal(expected, InputValue.ReadCount(text, "Count", 1, 100000, out string? problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("3O")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("2.5")]
    [InlineData("1e3")]
    [InlineData("100001")]
    [InlineData("99999999999")]
    public void Anything_else_is_refused_with_the_range(string text)
    {
        Assert.Null(InputValue.ReadCount(text, "Count", 1, 100000, out string? problem));
        Assert.Equal($"'{text}' is not a valid Count; give a whole number from 1 to 100000.", problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_text_is_not_given_and_no_problem(string? text)
    {
        Assert.Null(InputValue.ReadName<UpgradeType>(text, "UpgradeType", out string? nameProblem));
        Assert.Null(nameProblem);
        Assert.Null(InputValue.ReadCount(text, "Quantity", 1, int.MaxValue, out string? countProblem));
        Assert.Null(countProblem);
    }
}
