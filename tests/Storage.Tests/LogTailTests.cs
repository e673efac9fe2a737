using FedBpt.Storage.Experiments;
using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FedBpt.Storage.Tests;

public class LogTailTests : DatabaseTest
{
    [Fact]
    public async Task Only_the_newest_lines_are_kept_per_experiment()
    {
        var id = await CreateExperimentAsync();
        var other = await CreateExperimentAsync();
        await Store.AppendLogAsync(other, LogLevel.Warning, "other run");
        var now = Db.Time.GetUtcNow().UtcDateTime;

        await Store.AppendLogAsync(id, Lines(now, 0, 300));
        await Store.AppendLogAsync(id, Lines(now, 300, 250));

        var tail = await Store.GetLogTailAsync(id, take: 1000);
        Assert.Equal(ExperimentStore.LogLinesKept, tail.Count);
        Assert.Equal("line 50", tail[0].Message);
        Assert.Equal("line 549", tail[^1].Message);
        Assert.Single(await Store.GetLogTailAsync(other)); // trimming one run leaves the others alone
    }

    [Fact]
    public async Task The_tail_is_oldest_first_and_can_be_polled_by_id()
    {
        var id = await CreateExperimentAsync();
        await Store.AppendLogAsync(id, Lines(Db.Time.GetUtcNow().UtcDateTime, 0, 10));

        var lastThree = await Store.GetLogTailAsync(id, take: 3);
        await Store.AppendLogAsync(id, LogLevel.Error, "new line");
        var sinceThen = await Store.GetLogTailAsync(id, afterId: lastThree[^1].Id);

        Assert.Equal(["line 7", "line 8", "line 9"], lastThree.Select(l => l.Message));
        var fresh = Assert.Single(sinceThen);
        Assert.Equal(("new line", LogLevel.Error), (fresh.Message, fresh.Level));
    }

    [Fact]
    public async Task Logging_to_a_missing_experiment_is_reported()
    {
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.AppendLogAsync(404, LogLevel.Information, "x"));
    }

    private static LogLine[] Lines(DateTime at, int from, int count) =>
        Enumerable.Range(from, count).Select(i => new LogLine(at, LogLevel.Information, $"line {i}")).ToArray();
}
