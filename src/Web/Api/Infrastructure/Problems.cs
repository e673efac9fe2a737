using FedBpt.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedBpt.Web.Api.Infrastructure;

/// <summary>The API's error answers, all ProblemDetails (RFC 9457).</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult ExperimentNotFound(int id) => NotFound($"Experiment {id} does not exist.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(this Failure failure) =>
        TypedResults.ValidationProblem(failure.Errors.ToDictionary(e => e.Key, e => e.Value));

    /// <summary>A not-found or conflict failure as its status; invalid input is answered by <see cref="Invalid(Failure)"/>.</summary>
    public static ProblemHttpResult Problem(this Failure failure) => TypedResults.Problem(failure.Message, statusCode: failure.Kind switch
    {
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    });
}
