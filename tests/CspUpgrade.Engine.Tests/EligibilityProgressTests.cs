using System;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// The progress an admin reads on a long run (issue 14): items done, the rate over the last minute, and the time left once
/// the total is known; on an injected clock.
/// </summary>
public class EligibilityProgressTests
{
    private TimeSpan _now;

    private EligibilityProgressMeter Meter() => new EligibilityProgressMeter(() => _now);

    [Fact]
    public void Before_the_total_is_known_it_tells_done_and_the_rate_but_no_time_left()
    {
        var meter = Meter();
        meter.Start();
        Assert.Null(meter.Measure(3, 10, null).PerMinute); // too early to say anything about the pace

        _now = TimeSpan.FromSeconds(30);
        var progress = meter.Measure(250, 40, null);

        Assert.Equal(500, progress.PerMinute!.Value, 6);
        Assert.Null(progress.Total);
        Assert.Null(progress.Remaining);
        Assert.Equal(-1, progress.PercentComplete);
        Assert.Equal(-1, progress.SecondsRemaining);
        Assert.Equal("250 item(s) checked, 500 a minute, 40 waiting or in progress", progress.Describe());
    }

    [Fact]
    public void Once_the_total_is_known_the_time_left_is_what_remains_at_the_rate()
    {
        var meter = Meter();
        meter.Start();
        _now = TimeSpan.FromSeconds(60);
        meter.SetTotal(24_000);
        var progress = meter.Measure(500, 23_500, null);

        Assert.Equal(24_000, progress.Total);
        Assert.Equal(TimeSpan.FromMinutes(47), progress.Remaining);
        Assert.Equal(2, progress.PercentComplete);
        Assert.Equal(47 * 60, progress.SecondsRemaining);
        Assert.Equal("500 of 24,000 item(s) checked, 500 a minute, about 47:00 left", progress.Describe());
    }

    [Fact]
    public void The_rate_follows_the_last_minute_so_a_run_that_slows_down_shows_it()
    {
        var meter = Meter();
        meter.Start();
        int done = 0;
        for (int second = 1; second <= 120; second++)
        {
            _now = TimeSpan.FromSeconds(second);
            done += second <= 60 ? 10 : 2; // 600 a minute, then 120 a minute
            meter.Measure(done, 0, null);
        }
        meter.SetTotal(done + 240);

        var progress = meter.Measure(done, 240, null);

        Assert.InRange(progress.PerMinute!.Value, 118, 122); // the last minute, not the run's average of 360
        Assert.InRange(progress.Remaining!.Value.TotalMinutes, 1.95, 2.05);
        Assert.Equal("1:01:40", new EligibilityProgress(1, null, null, 2, 1, TimeSpan.FromSeconds(3700)).Describe().Split("about ")[1].Split(' ')[0]);
    }

    [Fact]
    public void The_total_shown_is_never_below_what_is_done()
    {
        var meter = Meter();
        meter.Start();
        meter.SetTotal(5);
        _now = TimeSpan.FromSeconds(10);

        var progress = meter.Measure(7, 0, null);

        Assert.Equal(7, progress.Total);
        Assert.Equal(TimeSpan.Zero, progress.Remaining);
        Assert.Equal(100, progress.PercentComplete);
    }
}
