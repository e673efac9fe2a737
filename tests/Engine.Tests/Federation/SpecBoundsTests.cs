using FedBpt.Engine.Experiments;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>
/// Validation is bounded by the spec's own size: a huge number in a field is refused by its range check, and
/// nothing sized by that number is built (issue #15, item 1).
/// </summary>
public sealed class SpecBoundsTests
{
    [Theory]
    [InlineData(2_000_000)]
    [InlineData(1_000_000_000)]
    public void A_huge_client_count_is_refused_without_building_anything_of_its_size(int numClients)
    {
        var spec = new ExperimentSpec { NumClients = numClients, EvalClients = ["site-1", "site-2"] };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var errors = spec.Validate();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("numClients", Assert.Single(errors).Field);
        // A site name per client would be tens of megabytes; the checks themselves need a few kilobytes.
        Assert.True(allocated < 64 * 1024, $"validating allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Eval_clients_are_checked_against_the_client_count_without_listing_every_site()
    {
        var spec = new ExperimentSpec { NumClients = 1000, EvalClients = ["site-1", "site-1000"] };
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Empty(spec.Validate());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024);

        foreach (var bad in new[] { "site-1001", "site-0", "site-01", "site-", "site-+1", "Site-1", " site-1", "site-1 ", "site-99999999999" })
        {
            var errors = (spec with { EvalClients = [bad] }).Validate();
            Assert.True(errors.Any(e => e.Field == "evalClients"), $"'{bad}' is refused");
        }
    }

    [Fact]
    public void An_empty_or_repeated_eval_client_list_is_refused()
    {
        var empty = Assert.Single(new ExperimentSpec { EvalClients = [] }.Validate());
        Assert.Equal("evalClients", empty.Field);
        Assert.Contains("at least one", empty.Message);

        var twice = Assert.Single(new ExperimentSpec { EvalClients = ["site-1", "site-1"] }.Validate());
        Assert.Equal("evalClients", twice.Field);
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(1e6)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_sigma_that_would_overflow_the_prompt_is_refused(double sigma)
    {
        var error = Assert.Single(new ExperimentSpec { Sigma = sigma }.Validate());
        Assert.Equal("sigma", error.Field);
    }

    [Theory]
    [InlineData(1.0)] // the reference
    [InlineData(0.01)]
    [InlineData(10.0)]
    public void Sigmas_in_use_are_accepted(double sigma) => Assert.Empty(new ExperimentSpec { Sigma = sigma }.Validate());

    [Fact]
    public void A_sigma_of_1e300_in_json_is_refused_at_the_boundary()
    {
        var spec = ExperimentSpec.FromJson("""{ "sigma": 1e300 }""");
        Assert.Contains(spec.Validate(), e => e.Field == "sigma");
    }

    [Fact]
    public void A_key_given_twice_is_an_error_not_last_wins()
    {
        var error = Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson("""{ "numRounds": 3, "numRounds": 300 }"""));
        var only = Assert.Single(error.Errors);
        Assert.Equal("numRounds", only.Field);
        Assert.Contains("twice", only.Message);
    }

    [Theory]
    [InlineData("""{ "numRounds": "ten" }""", "numRounds", "whole number")]
    [InlineData("""{ "numRounds": 1e12 }""", "numRounds", "whole number")]
    [InlineData("""{ "sigma": "big" }""", "sigma", "number")]
    [InlineData("""{ "iid": 1 }""", "iid", "true or false")]
    [InlineData("""{ "evalClients": "site-1" }""", "evalClients", "list")]
    [InlineData("""{ "task": 5 }""", "task", "text")]
    public void A_wrong_type_is_named_in_words_not_as_a_dotnet_type(string json, string field, string expected)
    {
        var error = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson(json)).Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("System.", error.Message);
        Assert.DoesNotContain("FedBpt.", error.Message);
    }

    [Fact]
    public void An_unknown_key_is_named_with_a_suggestion_and_no_type_name()
    {
        var error = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpec.FromJson("""{ "numRound": 3 }""")).Errors);
        Assert.Equal("numRound", error.Field);
        Assert.Contains("numRounds", error.Message);
        Assert.DoesNotContain("FedBpt.", error.Message);
        Assert.DoesNotContain(".NET", error.Message);
    }
}
