namespace FedBpt.Storage.Experiments;

/// <summary>One page of the runs grid, with the total for the pager.</summary>
public sealed record ExperimentPage(int TotalCount, IReadOnlyList<ExperimentSummary> Items);
