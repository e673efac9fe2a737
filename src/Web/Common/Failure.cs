namespace FedBpt.Web.Common;

public enum FailureKind
{
    /// <summary>The input is wrong; <see cref="Failure.Errors"/> names each bad field.</summary>
    Invalid,
    NotFound,
    /// <summary>The input is fine but the state forbids it (deleting a running experiment).</summary>
    Conflict,
}

/// <summary>
/// Why a service could not do what was asked. The API turns it into a ProblemDetails response, a page into a
/// message; errors are keyed by field ("" for the request as a whole).
/// </summary>
public sealed record Failure(FailureKind Kind, IReadOnlyDictionary<string, string[]> Errors)
{
    public static Failure Invalid(string field, string message) => new(FailureKind.Invalid, new Dictionary<string, string[]> { [field] = [message] });

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) => new(FailureKind.Invalid, errors);

    public static Failure NotFound(string message) => new(FailureKind.NotFound, new Dictionary<string, string[]> { [""] = [message] });

    public static Failure ExperimentNotFound(int id) => NotFound($"Experiment {id} does not exist.");

    public static Failure Conflict(string message) => new(FailureKind.Conflict, new Dictionary<string, string[]> { [""] = [message] });

    /// <summary>Every error in one sentence-per-error line, fields first: for a snackbar or a log.</summary>
    public string Message => string.Join(" ", Errors.SelectMany(e => e.Value.Select(m => e.Key.Length == 0 ? m : $"{e.Key}: {m}")));
}

/// <summary>A service's answer: a value, or the <see cref="Failure"/> that prevented it.</summary>
public readonly record struct Outcome<T>(T? Value, Failure? Failure)
{
    public bool Succeeded => Failure is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
