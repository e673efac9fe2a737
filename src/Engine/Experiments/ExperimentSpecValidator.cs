namespace FedBpt.Engine.Experiments;

/// <summary>Range and consistency checks of a spec that need no model or data (those are checked when a run is prepared).</summary>
internal static class ExperimentSpecValidator
{
    public static IReadOnlyList<SpecError> Validate(ExperimentSpec s)
    {
        var errors = new List<SpecError>();
        void Check(bool ok, string field, string message)
        {
            if (!ok) errors.Add(new SpecError(field, message));
        }

        Check(!string.IsNullOrWhiteSpace(s.Task), "task", "is required.");
        Check(!string.IsNullOrWhiteSpace(s.Model), "model", "is required.");
        Check(Algorithms.All.Contains(s.Algorithm.Trim().ToLowerInvariant()), "algorithm", $"must be one of {string.Join(", ", Algorithms.All)}.");
        Check(s.NumClients is >= 1 and <= 1000, "numClients", "must be between 1 and 1000.");
        Check(s.NumClients != 1 || s.Algorithm.Trim().ToLowerInvariant() is not (Algorithms.FedBpt or Algorithms.FedAvgBbt), "numClients",
            "must be at least 2 for a federated algorithm (the server's CMA-ES needs a population of 2 or more); use algorithm bbt for one party holding all the data.");
        Check(s.NumRounds is >= 1 and <= 100_000, "numRounds", "must be between 1 and 100000.");
        Check(s.KShot != 0 && s.KShot <= 1_000_000, "kShot", "must be a positive number of examples per class, or negative for all data.");
        Check(s.DirichletAlpha > 0 && double.IsFinite(s.DirichletAlpha), "dirichletAlpha", "must be a positive number.");
        Check(DirichletSchemes.IsValid(s.DirichletScheme), "dirichletScheme", $"must be one of {string.Join(", ", DirichletSchemes.All)}.");
        Check(s.LocalIter is >= 1 and <= 10_000, "localIter", "must be between 1 and 10000.");
        Check(s.LocalPopsize is >= 2 and <= 1000, "localPopsize", "must be between 2 and 1000.");
        Check(s.IntrinsicDim is >= 1 and <= 100_000, "intrinsicDim", "must be between 1 and 100000.");
        Check(s.NPromptTokens is >= 1 and <= 500, "nPromptTokens", "must be between 1 and 500.");
        Check(s.Sigma > 0 && double.IsFinite(s.Sigma), "sigma", "must be a positive number.");
        Check(s.Bound >= 0 && double.IsFinite(s.Bound), "bound", "must be 0 (off) or a positive number.");
        Check(s.PerturbRate is >= 0 and <= 1, "perturbRate", "must be between 0 and 1.");
        Check(s.LossType.Trim().ToLowerInvariant() is "ce" or "hinge", "lossType", "must be ce or hinge.");
        Check(s.CatOrAdd.Trim().ToLowerInvariant() is "add" or "cat", "catOrAdd", "must be add or cat.");
        Check(s.BbtPopsize is >= 2 and <= 1000, "bbtPopsize", "must be between 2 and 1000.");
        if (s.EvalClients is null)
        {
            errors.Add(new SpecError("evalClients", "must be a list of site names (may be empty)."));
        }
        else if (s.NumClients >= 1)
        {
            var sites = s.Sites.ToHashSet(StringComparer.Ordinal);
            foreach (var site in s.EvalClients)
            {
                Check(sites.Contains(site), "evalClients", $"'{site}' is not a client of this run (site-1 … site-{s.EffectiveClients}).");
            }
        }
        if (s.Iid is false && s.NumClients > 1)
        {
            Check(s.KShot < 0 || s.KShot * 2 >= s.NumClients, "kShot", "is too small to give every client an example in a non-IID split.");
        }
        return errors;
    }
}
