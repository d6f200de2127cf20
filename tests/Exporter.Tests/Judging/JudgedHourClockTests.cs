using KpiExporter.Configuration;
using KpiExporter.Judging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KpiExporter.Tests.Judging;

public sealed class JudgedHourClockTests
{
    private static JudgedHourClock Clock(FakeTimeProvider time, CheckoutOptions options) => new(time, Options.Create(options));

    [Fact]
    public void Live_mode_judges_the_last_completed_hour_in_utc()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 16, 5, 0, TimeSpan.Zero));

        Clock(time, new CheckoutOptions()).JudgedHour().ShouldBe(15);
    }

    [Fact]
    public void Live_mode_uses_the_configured_time_zone()
    {
        // 18:30 UTC is 15:30 in São Paulo (UTC-3): the last completed hour there is 14.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 18, 30, 0, TimeSpan.Zero));

        Clock(time, new CheckoutOptions { TimeZone = "America/Sao_Paulo" }).JudgedHour().ShouldBe(14);
    }

    [Fact]
    public void Live_mode_just_after_midnight_judges_hour_23()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 1, TimeSpan.Zero));

        Clock(time, new CheckoutOptions()).JudgedHour().ShouldBe(23);
    }

    [Fact]
    public void Live_mode_follows_the_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 59, 59, TimeSpan.Zero));
        var clock = Clock(time, new CheckoutOptions());
        clock.JudgedHour().ShouldBe(8);

        time.Advance(TimeSpan.FromSeconds(1));

        clock.JudgedHour().ShouldBe(9);
    }

    [Fact]
    public void Replay_mode_starts_at_the_start_hour_and_steps_each_period()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var clock = Clock(time, new CheckoutOptions { Mode = CheckoutMode.Replay, Replay = new ReplayOptions { SecondsPerHour = 5, StartHour = 13 } });

        clock.JudgedHour().ShouldBe(13);
        time.Advance(TimeSpan.FromSeconds(4.9));
        clock.JudgedHour().ShouldBe(13);
        time.Advance(TimeSpan.FromSeconds(0.1));
        clock.JudgedHour().ShouldBe(14);
        time.Advance(TimeSpan.FromSeconds(10));
        clock.JudgedHour().ShouldBe(16);
    }

    [Fact]
    public void Replay_mode_loops_after_hour_23()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var clock = Clock(time, new CheckoutOptions { Mode = CheckoutMode.Replay, Replay = new ReplayOptions { SecondsPerHour = 2, StartHour = 22 } });

        time.Advance(TimeSpan.FromSeconds(4));

        clock.JudgedHour().ShouldBe(0);
        time.Advance(TimeSpan.FromSeconds(48));
        clock.JudgedHour().ShouldBe(0);
    }
}
