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
}
