using System.Globalization;

namespace FedBpt.Engine.Tracking.TensorBoard;

/// <summary>
/// The event file of one run folder (TensorBoard reads every <c>*tfevents*</c> file in a folder as one run). A run
/// that starts at round N keeps only the events with step &lt; N: a resumed run continues the curve without a second
/// copy of the rounds it runs again, and a run started afresh in a used folder begins a clean one.
/// </summary>
internal sealed class EventFile
{
    public const string Prefix = "events.out.tfevents.";

    private EventFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>Trims the folder's event files to the steps before <paramref name="startStep"/> and returns the file to append to.</summary>
    public static EventFile Open(string folder, int startStep, double wallTime)
    {
        Directory.CreateDirectory(folder);
        var existing = Directory.GetFiles(folder, Prefix + "*").Order(StringComparer.Ordinal).ToArray();
        foreach (var file in existing)
        {
            if (startStep == 0) File.Delete(file);
            else Trim(file, startStep);
        }
        if (startStep > 0 && existing.Length > 0) return new EventFile(existing[^1]);

        var name = string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{(long)wallTime}.{Environment.MachineName}.{Environment.ProcessId}.0");
        var created = new EventFile(System.IO.Path.Combine(folder, name));
        created.Append([EventProto.FileVersion(wallTime)]);
        return created;
    }

    /// <summary>Appends whole records in one write, so a reader sees a round's events together.</summary>
    public void Append(IEnumerable<byte[]> events)
    {
        using var buffer = new MemoryStream();
        foreach (var e in events) buffer.Write(EventRecords.Frame(e));
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        buffer.WriteTo(stream);
    }

    private static void Trim(string file, int startStep)
    {
        var bytes = File.ReadAllBytes(file);
        var records = EventRecords.Read(bytes).ToArray();
        var kept = records.Where(r => EventProto.StepOf(r) < startStep).ToArray();
        long keptBytes = records.Sum(r => r.Length + 16L);
        if (kept.Length == records.Length && keptBytes == bytes.Length) return;

        // Replace the file in one rename, so a crash while trimming leaves either version, never half of one.
        var partial = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "trim.partial");
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
        {
            foreach (var r in kept) stream.Write(EventRecords.Frame(r));
        }
        File.Move(partial, file, overwrite: true);
    }
}
