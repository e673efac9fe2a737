using FedBpt.Engine.Experiments;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Experiments;

namespace FedBpt.Web.Experiments;

/// <summary>How a validated spec is stored: the experiment row it becomes.</summary>
public static class SpecRows
{
    /// <summary>The row to store for a validated spec: the spec itself plus the columns the runs list filters and sorts on.</summary>
    public static ExperimentInsert ToExperimentInsert(this ExperimentSpec spec, string name) => new()
    {
        Name = name,
        SpecJson = spec.Normalized().ToJson(), // effective values (e.g. perturb resolved for the algorithm) are what is stored
        Task = spec.Task,
        Model = spec.Model,
        Algorithm = spec.Algorithm.Name,
        NumClients = spec.EffectiveClients,
        NumRounds = spec.EffectiveRounds,
        Iid = spec.Iid,
        Seed = spec.Seed,
        // An uploaded dataset must still exist when the row is inserted: a delete may have raced the validation.
        RequiredDataset = TaskCatalog.TryGet(spec.Task, out _) ? null : spec.Task,
    };
}
