using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CspUpgrade.Engine.Tests;

/// <summary>Dates in documents (periodEnd, termEndDate) are read as the framework's exact yyyy-MM-dd parser reads them.</summary>
public class DocumentDateTests
{
    private static (bool Ok, DateTime Date) Framework(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (true, DateTime.SpecifyKind(date, DateTimeKind.Utc))
            : (false, default);

    [Theory]
    [InlineData("2026-12-31")]
    [InlineData("2024-02-29")]
    [InlineData("2026-02-29")]
    [InlineData("0001-01-01")]
    [InlineData("0000-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("02026-12-31")]
    [InlineData("2026-1-31")]
    [InlineData("2026-12-1")]
    [InlineData(" 2026-12-31")]
    [InlineData("2026-12-31 ")]
    [InlineData("2026-12-31T00:00")]
    [InlineData("２０２６-12-31")]
    [InlineData("+026-12-31")]
    [InlineData("2026/12/31")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("2026-12-00")]
    [InlineData("2026-04-31")]
    [InlineData("")]
    public void Each_text_is_taken_or_refused_exactly_as_the_framework_does_and_a_date_is_UTC(string text)
    {
        bool ok = DocumentFields.TryParseDate(text, out var date);

        Assert.Equal(Framework(text), (ok, date));
        if (ok)
        {
            Assert.Equal(DateTimeKind.Utc, date.Kind);
        }
    }

    [Fact]
    public void Random_texts_of_date_characters_agree_with_the_framework()
    {
        var random = new Random(20261202);
        const string alphabet = "0123456789-- /T+٣";
        for (int i = 0; i < 200_000; i++)
        {
            var text = new StringBuilder();
            int length = random.Next(8, 12);
            for (int k = 0; k < length; k++)
            {
                text.Append(k == 4 || k == 7 ? (random.Next(10) == 0 ? alphabet[random.Next(alphabet.Length)] : '-') : (char)('0' + random.Next(10)));
            }
            string s = text.ToString();
            bool ok = DocumentFields.TryParseDate(s, out var date);
            Assert.True(Framework(s) == (ok, date), $"'{s}': ours {ok} {date:o}, framework {Framework(s)}");
        }
    }
}
