using FedBpt.Storage.Entities;
using FedBpt.Web.Jobs;

namespace FedBpt.Web.Tests.Jobs;

public sealed class StopReasonTests
{
    [Theory]
    // status, lease lost, cancellation, stop requested, host stopping → reason
    [InlineData(ExperimentStatus.Cancelled, false, true, true, false, StopReason.Cancelled)]     // the user's cancel wins over anything else
    [InlineData(ExperimentStatus.Cancelled, true, false, false, true, StopReason.Cancelled)]
    [InlineData(ExperimentStatus.Completed, false, true, true, true, StopReason.AlreadyEnded)]
    [InlineData(ExperimentStatus.Failed, false, false, false, false, StopReason.AlreadyEnded)]
    [InlineData(ExperimentStatus.Running, true, true, true, true, StopReason.LeaseLost)]         // another worker continues: record nothing
    [InlineData(ExperimentStatus.Running, false, true, true, true, StopReason.Interrupted)]
    [InlineData(ExperimentStatus.Running, false, true, true, false, StopReason.JobDeleted)]
    [InlineData(ExperimentStatus.Running, false, true, false, false, StopReason.Failed)]        // a cancellation nobody asked for is a failure
    [InlineData(ExperimentStatus.Running, false, false, true, true, StopReason.Failed)]         // an error while stopping is still an error
    [InlineData(ExperimentStatus.Pending, false, false, false, false, StopReason.Failed)]
    public void TheDatabaseStatusAndTheStopDecideTheReason(ExperimentStatus status, bool leaseLost, bool cancellation, bool stopRequested,
        bool hostStopping, StopReason expected) =>
        Assert.Equal(expected, StopReasons.Classify(status, leaseLost, cancellation, stopRequested, hostStopping));
}
