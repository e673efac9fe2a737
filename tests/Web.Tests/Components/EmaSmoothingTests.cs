using FedBpt.Web.Components.Charts;

namespace FedBpt.Web.Tests.Components;

public sealed class EmaSmoothingTests
{
    private const int Digits = 12;

    [Fact]
    public void Debiased_ema_matches_hand_computed_values()
    {
        // w = 0.5: last = 0.5, 0.25, 0.625; debias by 1 − 0.5ⁿ = 0.5, 0.75, 0.875.
        var smoothed = EmaSmoothing.Smooth([1.0, 0.0, 1.0], 0.5);

        Assert.Equal(1.0, smoothed[0]!.Value, Digits);
        Assert.Equal(1.0 / 3.0, smoothed[1]!.Value, Digits);
        Assert.Equal(0.625 / 0.875, smoothed[2]!.Value, Digits);
    }

    [Fact]
    public void Without_debiasing_it_starts_from_the_first_value()
    {
        var smoothed = EmaSmoothing.Smooth([1.0, 0.0, 1.0], 0.5, debias: false);

        Assert.Equal([1.0, 0.5, 0.75], smoothed.Select(v => v!.Value));
    }

    [Fact]
    public void Debiasing_keeps_a_constant_series_constant_where_a_plain_ema_from_zero_would_start_low()
    {
        var smoothed = EmaSmoothing.Smooth([0.7, 0.7, 0.7, 0.7], 0.9);

        Assert.All(smoothed, v => Assert.Equal(0.7, v!.Value, Digits));
    }

    [Fact]
    public void Weight_zero_is_the_raw_series_and_gaps_stay_gaps()
    {
        Assert.Equal([0.1, 0.9, 0.4], EmaSmoothing.Smooth([0.1, 0.9, 0.4], 0).Select(v => v!.Value));

        // A missing round is skipped: the next value is the second one the average has seen.
        var smoothed = EmaSmoothing.Smooth([1.0, null, 0.0], 0.5);
        Assert.Null(smoothed[1]);
        Assert.Equal(0.25 / 0.75, smoothed[2]!.Value, Digits);
    }

    [Fact]
    public void Non_finite_values_pass_through_without_poisoning_the_average()
    {
        var smoothed = EmaSmoothing.Smooth([1.0, double.NaN, 1.0], 0.5);

        Assert.True(double.IsNaN(smoothed[1]!.Value));
        Assert.Equal(1.0, smoothed[2]!.Value, Digits);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Weights_outside_zero_to_one_are_refused(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmaSmoothing.Smooth([1.0], weight));
}
