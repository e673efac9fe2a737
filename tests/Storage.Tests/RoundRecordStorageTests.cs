using FedBpt.Storage.Experiments;
using FedBpt.Storage.Tests.Infrastructure;
using FedBpt.Tests.Common.Rounds;

namespace FedBpt.Storage.Tests;

/// <summary>The store keeps and returns the engine's round record: every number, under the same name.</summary>
public class RoundRecordStorageTests : DatabaseTest
{
    [Fact]
    public async Task A_stored_round_comes_back_as_the_record_that_was_stored()
    {
        var id = await CreateRunningAsync();
        var round = DistinctRound.Create(round: 0);

        Assert.True(await Store.RecordRoundAsync(id, new RoundWrite(round, """{"z":[0]}""")));
        var stored = Assert.Single(await Store.GetRoundsAsync(id));

        foreach (var p in DistinctRound.Numbers)
            Assert.True(Equals(p.GetValue(round), p.GetValue(stored)), $"{p.Name}: stored {p.GetValue(round)}, read {p.GetValue(stored)}");
        Assert.Equal(round.Clients, stored.Clients);
    }
}
