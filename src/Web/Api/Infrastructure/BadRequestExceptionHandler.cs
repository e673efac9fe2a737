using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace FedBpt.Web.Api.Infrastructure;

/// <summary>
/// Answers request errors (malformed JSON, a wrong type, a body over the limit) with a ProblemDetails that says
/// what was wrong, with the status code the error carries (400, 413, …). Other exceptions fall through to the
/// default handler (500, no details).
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        var detail = bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Detail = detail },
        });
    }
}
