namespace FedBpt.Engine.Experiments;

/// <summary>
/// Range and consistency checks of a spec that need no model or data (those are checked when a run is prepared;
/// its memory by <see cref="RunMemory"/>). Every check is O(1) per value in the spec, so validating costs no more
/// than reading the JSON: a size out of range is reported and nothing sized by it is built or walked.
/// </summary>
internal static class ExperimentSpecValidator
{
    /// <summary>
    /// Largest initial step size. z ~ σ gives a prompt of σ times the word embeddings' scale (A's entries are
    /// std(embeddings)/√d); the reference uses 1, and beyond ~100 the prompt swamps the hidden states, then overflows.
    /// </summary>
    public const double MaxSigma = 100;

    public static IReadOnlyList<SpecError> Validate(ExperimentSpec s)
    {
        var errors = new List<SpecError>();
        void Check(bool ok, string field, string message)
        {
            if (!ok) errors.Add(new SpecError(field, message));
        }

        Check(!string.IsNullOrWhiteSpace(s.Task), "task", "is required.");
        Check(!string.IsNullOrWhiteSpace(s.Model), "model", "is required.");
        var algorithm = s.Algorithm; // algorithm, lossType, catOrAdd and dirichletScheme are typed: a bad name is refused by the JSON reader
        bool clientsInRange = s.NumClients is >= 1 and <= 1000;
        Check(clientsInRange, "numClients", "must be between 1 and 1000.");
        Check(!clientsInRange || s.NumClients >= algorithm.MinClients, "numClients",
            "must be at least 2 for a federated algorithm (the server's CMA-ES needs a population of 2 or more); use algorithm bbt for one party holding all the data.");
        Check(s.NumRounds is >= 1 and <= 100_000, "numRounds", "must be between 1 and 100000.");
        Check(s.KShot != 0 && s.KShot <= 1_000_000, "kShot", "must be a positive number of examples per class, or negative for all data.");
        Check(s.DirichletAlpha > 0 && double.IsFinite(s.DirichletAlpha), "dirichletAlpha", "must be a positive number.");
        Check(s.LocalIter is >= 1 and <= 10_000, "localIter", "must be between 1 and 10000.");
        Check(s.LocalPopsize is >= 2 and <= 1000, "localPopsize", "must be between 2 and 1000.");
        Check(s.IntrinsicDim is >= 1 and <= 100_000, "intrinsicDim", "must be between 1 and 100000.");
        Check(s.NPromptTokens is >= 1 and <= 500, "nPromptTokens", "must be between 1 and 500.");
        Check(s.Sigma is > 0 and <= MaxSigma, "sigma", $"must be a positive number up to {MaxSigma} (the reference uses 1).");
        Check(s.Bound >= 0 && double.IsFinite(s.Bound), "bound", "must be 0 (off) or a positive number.");
        Check(s.PerturbRate is >= 0 and <= 1, "perturbRate", "must be between 0 and 1.");
        Check(s.BbtPopsize is >= 2 and <= 1000, "bbtPopsize", "must be between 2 and 1000.");
        if (s.EvalClients is null || s.EvalClients.Count == 0)
        {
            errors.Add(new SpecError("evalClients", "must name at least one site that measures the test accuracy each round, e.g. [\"site-1\"]."));
        }
        else if (clientsInRange)
        {
            CheckEvalClients(s, errors);
        }
        if (s.Iid is false && clientsInRange && s.NumClients > 1)
        {
            Check(s.KShot < 0 || s.KShot * 2L >= s.NumClients, "kShot", "is too small to give every client an example in a non-IID split.");
        }
        return errors;
    }

    /// <summary>
    /// Each entry must be site-1 … site-N of this run, once; checked by parsing, not by listing N names. The first
    /// bad entry is reported (a list of 100,000 wrong names would otherwise give as many messages).
    /// </summary>
    private static void CheckEvalClients(ExperimentSpec s, List<SpecError> errors)
    {
        var seen = new HashSet<int>();
        foreach (var site in s.EvalClients)
        {
            int index = SiteIndex(site);
            string? problem = index < 1 || index > s.EffectiveClients
                ? $"'{Shorten(site)}' is not a client of this run (site-1 … site-{s.EffectiveClients})."
                : seen.Add(index) ? null : $"'{site}' is listed twice.";
            if (problem is null) continue;
            errors.Add(new SpecError("evalClients", problem));
            return;
        }
    }

    private static string Shorten(string? value) => value is null ? "null" : value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>K of "site-K" written without sign or leading zeros, or 0.</summary>
    private static int SiteIndex(string? site)
    {
        const string prefix = "site-";
        if (site is null || !site.StartsWith(prefix, StringComparison.Ordinal)) return 0;
        var digits = site.AsSpan(prefix.Length);
        if (digits.Length is 0 or > 9 || digits[0] == '0') return 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return 0;
        }
        return int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }
}
