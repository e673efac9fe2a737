using System.Text;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Tests.Federation;
using FedBpt.Engine.Tracking;
using FedBpt.Engine.Tracking.TensorBoard;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Tracking;

public sealed class TensorBoardWriterTests(FederationFixture fx) : IClassFixture<FederationFixture>, IDisposable
{
    private static readonly string[] RoundTags =
    [
        TrackedMetrics.GlobalTestAccuracy, TrackedMetrics.TrainFitnessMean, TrackedMetrics.TrainFitnessMin, TrackedMetrics.TrainFitnessMax,
        TrackedMetrics.Sigma, TrackedMetrics.LmQueries, TrackedMetrics.BytesUp, TrackedMetrics.BytesDown,
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("fedbpt-tb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_test_reader_checks_records_with_CRC32C_Castagnoli_as_the_writer_masks_it()
    {
        // The CRC-32C check value of "123456789" (RFC 3720, iSCSI), so the reader's CRC is the right polynomial.
        Assert.Equal(0xE3069283u, EventFileReader.Crc32C("123456789"u8));
        var data = Encoding.UTF8.GetBytes("brain.Event:2");
        uint crc = EventFileReader.Crc32C(data);
        Assert.Equal(((crc >> 15) | (crc << 17)) + 0xa282ead8u, EventRecords.MaskedCrc(data));
    }

    [Fact]
    public void A_run_writes_each_rounds_scalars_at_its_round_and_the_spec_as_text_at_step_0()
    {
        var spec = FederationFixture.SmallSpec;
        var folder = TensorBoardLayout.SiteFolder(_dir);
        var rounds = Run(spec, [new TensorBoardWriter(folder, spec)]);

        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file), StringComparison.Ordinal);
        var events = EventFileReader.Read(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        AssertSpecText(events, spec);
        AssertScalarsMatch(events, rounds);
        Assert.All(events, e => Assert.InRange(e.WallTime, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
    }

    [Fact]
    public void A_run_resumed_from_an_earlier_checkpoint_than_its_events_continues_without_repeating_a_step()
    {
        var spec = FederationFixture.SmallSpec;
        var folder = TensorBoardLayout.SiteFolder(_dir);
        var uninterrupted = fx.Run(spec).Rounds;

        // A crash after round 1's events were written but before its checkpoint was stored: resume from round 0's.
        var first = Run(spec, [new TensorBoardWriter(folder, spec)], stopAfterRound: 1);
        Assert.Equal(2, first.Count);
        Assert.Equal([0L, 1L], EventFileReader.ReadFolder(folder).Scalars(TrackedMetrics.Sigma).Select(s => s.Step));
        var resumed = Run(spec, [new TensorBoardWriter(folder, spec)], resume: first[0].Checkpoint);
        Assert.Equal([1, 2, 3], resumed.Select(r => r.Round));

        var events = EventFileReader.ReadFolder(folder);
        Assert.Single(events, e => e.FileVersion is not null);
        AssertSpecText(events, spec);
        AssertScalarsMatch(events, uninterrupted);
    }

    [Fact]
    public void A_fresh_run_in_a_used_folder_starts_a_clean_curve_and_a_cut_off_record_is_dropped_on_resume()
    {
        var spec = FederationFixture.SmallSpec with { NumRounds = 3 };
        var folder = TensorBoardLayout.SiteFolder(_dir);
        var writer = new TensorBoardWriter(folder, spec);
        writer.OnRunStarted(Started(0, spec));
        foreach (var r in Enumerable.Range(0, 3)) writer.OnRoundCompleted(Synthetic(r, accuracy: 0.1));

        var fresh = new TensorBoardWriter(folder, spec);
        fresh.OnRunStarted(Started(0, spec));
        fresh.OnRoundCompleted(Synthetic(0, accuracy: 0.2));
        var file = Assert.Single(Directory.GetFiles(folder));
        File.AppendAllText(file, "half a record"); // a writer killed mid-write

        var resumed = new TensorBoardWriter(folder, spec);
        resumed.OnRunStarted(Started(1, spec));
        resumed.OnRoundCompleted(Synthetic(1, accuracy: 0.3));

        var accuracy = EventFileReader.ReadFolder(folder).Scalars(TrackedMetrics.GlobalTestAccuracy);
        Assert.Equal([(0L, 0.2f), (1L, 0.3f)], accuracy);
    }

    [Fact]
    public void An_unwritable_folder_stops_the_events_but_not_the_run()
    {
        var spec = FederationFixture.SmallSpec with { NumRounds = 2 };
        var blocked = Path.Combine(_dir, "file");
        File.WriteAllText(blocked, "a file where the folder should be");
        var rounds = Run(spec, [new TensorBoardWriter(Path.Combine(blocked, "site-1"), spec)]);
        Assert.Equal(2, rounds.Count);
    }

    private List<CompletedRound> Run(ExperimentSpec spec, IRunObserver[] trackers, int? stopAfterRound = null, RunCheckpoint? resume = null)
    {
        using var prepared = fx.Prepare(spec);
        var recorder = new FederationFixture.Recorder(stopAfterRound);
        try
        {
            new FederatedSimulator(prepared, [.. trackers, recorder]).Run(resume, recorder.Token);
        }
        catch (OperationCanceledException) when (stopAfterRound is not null)
        {
        }
        return recorder.Rounds;
    }

    private static void AssertSpecText(IReadOnlyList<TbEvent> events, ExperimentSpec spec)
    {
        var text = Assert.Single(events.SelectMany(e => e.Values.Where(v => v.Text is not null).Select(v => (e.Step, v))));
        Assert.Equal(0, text.Step);
        Assert.Equal("spec/text_summary", text.v.Tag);
        Assert.Equal("text", text.v.Plugin);
        var lines = text.v.Text!.Split('\n');
        Assert.Equal("```json", lines[0]);
        Assert.Equal("```", lines[^1]);
        Assert.Equal(spec, ExperimentSpec.FromJson(string.Join('\n', lines[1..^1])) with { EvalClients = spec.EvalClients });
        Assert.Equal(spec.EvalClients, ExperimentSpec.FromJson(string.Join('\n', lines[1..^1])).EvalClients);
    }

    /// <summary>Every tag has exactly one value per round, at step = round, equal to what the engine reported.</summary>
    private static void AssertScalarsMatch(IReadOnlyList<TbEvent> events, IReadOnlyList<CompletedRound> rounds)
    {
        var expected = new Dictionary<string, Func<CompletedRound, double>>
        {
            [TrackedMetrics.GlobalTestAccuracy] = r => r.Record.GlobalTestAccuracy!.Value,
            [TrackedMetrics.TrainFitnessMean] = r => r.Record.TrainFitnessMean!.Value,
            [TrackedMetrics.TrainFitnessMin] = r => r.Record.TrainFitnessMin!.Value,
            [TrackedMetrics.TrainFitnessMax] = r => r.Record.TrainFitnessMax!.Value,
            [TrackedMetrics.Sigma] = r => r.Record.Sigma,
            [TrackedMetrics.LmQueries] = r => r.Record.LmQueries,
            [TrackedMetrics.BytesUp] = r => r.Record.BytesUp,
            [TrackedMetrics.BytesDown] = r => r.Record.BytesDown,
        };
        Assert.Equal(RoundTags.Order(), expected.Keys.Order());
        foreach (var (tag, value) in expected)
            Assert.Equal(rounds.Select(r => ((long)r.Round, (float)value(r))), events.Scalars(tag));
    }

    private static RunStarted Started(int start, ExperimentSpec spec) => new(start, spec.NumRounds, 0.5, 10, 0, null!, "test", "cpu");

    private static CompletedRound Synthetic(int round, double accuracy)
    {
        var snapshot = new PromptSnapshot(round, accuracy, [0.0]);
        var record = new RoundRecord
        {
            Round = round, GlobalTestAccuracy = accuracy, TrainFitnessMean = 1.1, TrainFitnessMin = 1.0, TrainFitnessMax = 1.2,
            Sigma = 0.9, LmQueries = 100 * (round + 1), BytesUp = 10, BytesDown = 20, WallSeconds = round,
            Clients = [new ClientRound(0, 1.1, 0.9, 8, 100)],
        };
        return new CompletedRound(record, snapshot, snapshot,
            new RunCheckpoint(round + 1, [], snapshot, snapshot, 100 * (round + 1), 10, 20, round, 0.5));
    }
}
