namespace FedBpt.Engine.Federation;

/// <summary>
/// How a round's clients are spread over the run's devices: client c on lane c mod D, the lanes in parallel and up to
/// <c>clientThreads</c> clients at once on each. Each client writes only its own slot, so the order of completion never
/// shows in the results (aggregation goes in client order).
/// </summary>
internal static class ClientDispatch
{
    public static void ForEach(int clients, int lanes, int threadsPerLane, CancellationToken cancel, Action<int> train)
    {
        if (lanes <= 1)
        {
            Parallel.For(0, clients, Options(threadsPerLane, cancel), train);
            return;
        }
        Parallel.For(0, Math.Min(lanes, clients), Options(lanes, cancel), lane =>
        {
            int onLane = (clients - lane + lanes - 1) / lanes; // clients lane, lane + D, lane + 2D, …
            Parallel.For(0, onLane, Options(threadsPerLane, cancel), i => train(lane + i * lanes));
        });
    }

    private static ParallelOptions Options(int degree, CancellationToken cancel) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, degree), CancellationToken = cancel };
}
