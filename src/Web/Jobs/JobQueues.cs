namespace FedBpt.Web.Jobs;

public static class JobQueues
{
    /// <summary>
    /// Experiment runs only. Its server has <c>FedBpt:Workers</c> workers (default 1), so at most that many models
    /// compute on the device at once and further runs wait in the queue.
    /// </summary>
    public const string Engine = "engine";
}
