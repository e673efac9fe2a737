using FedBpt.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedBpt.Web.Api.Infrastructure;

/// <summary>The API's error answers, all ProblemDetails (RFC 9457).</summary>
internal static class Problems
{
    // The messages live in Failure, which the services return too, so API and pages word an error alike.
    public static ProblemHttpResult NotFound(string detail) => Failure.NotFound(detail).Problem();

    public static ProblemHttpResult ExperimentNotFound(int id) => Failure.ExperimentNotFound(id).Problem();

    public static ProblemHttpResult Conflict(string detail) => Failure.Conflict(detail).Problem();

    public static ValidationProblem Invalid(string field, string message) => Failure.Invalid(field, message).Invalid();

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
