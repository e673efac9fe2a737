namespace FedBpt.Engine.Hub;

/// <summary>
/// The exclusive lock huggingface_hub takes on <c>.locks/&lt;repo folder&gt;/&lt;etag&gt;.lock</c> while it writes a blob.
/// .NET opens a file with <see cref="FileShare.None"/> under <c>flock(LOCK_EX)</c> on Unix, the call Python's
/// filelock makes, so FedBpt and Python processes (and two FedBpt threads) wait for each other. The file stays.
/// </summary>
internal static class CacheLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task<IDisposable> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(Poll, cancellationToken); // held by another download of the same file
            }
        }
    }
}
