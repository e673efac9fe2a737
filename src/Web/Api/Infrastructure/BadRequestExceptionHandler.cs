using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace FedBpt.Web.Api.Infrastructure;

/// <summary>
/// Answers request errors (malformed JSON, a wrong type, a key given twice, a body over the limit) with a
/// ProblemDetails that says what was wrong, with the status code the error carries (400, 413, 415, …), in terms
/// of the request's keys: the framework's wording names .NET types, which mean nothing to a client. Other
/// exceptions fall through to the default handler (500, no details).
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        var detail = bad.InnerException is JsonException json
            ? $"The request body is not valid JSON for this endpoint: {Describe(json)}"
            : Parameter().Replace(bad.Message, "parameter '$1'");
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Detail = detail },
        });
    }

    /// <summary>A JSON error in words, by the key it concerns.</summary>
    internal static string Describe(JsonException e)
    {
        var at = (e.Path ?? "$").TrimStart('$', '.');
        if (Duplicate().Match(e.Message) is { Success: true } duplicate)
            return $"'{duplicate.Groups[1].Value}' is given twice; each key may appear once.";
        if (Unmapped().Match(e.Message) is { Success: true } unmapped)
            return $"'{unmapped.Groups[1].Value}' is not a key this endpoint knows.";
        if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return at.Length == 0 ? "the body must be a JSON object." : $"'{at}' has the wrong type.";
        return Position().Replace(e.Message, "").TrimEnd() + (at.Length == 0 ? "" : $" (at '{at}')");
    }

    // 'parameter "CreateExperimentRequest request"' → "parameter 'request'": the C# type is noise to a client.
    [GeneratedRegex(@"parameter ""[^""]*?(\w+)""")]
    private static partial Regex Parameter();

    [GeneratedRegex("^Duplicate property '(.*?)'")]
    private static partial Regex Duplicate();

    [GeneratedRegex("^The JSON property '(.*?)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"\s*(Path: .*|LineNumber: .*)$")]
    private static partial Regex Position();
}
