using System.Globalization;
using FedBpt.Storage;
using FedBpt.Web.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace FedBpt.Web.Api.Infrastructure;

/// <summary>
/// A database that cannot take a write for now (locked, read-only, full) is a 503 with a Retry-After, saying
/// why, not a 500: nothing was changed, and the same request succeeds once the fault is fixed.
/// </summary>
internal sealed class StoreFaultExceptionHandler(IProblemDetailsService problems, StoreHealth health) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreFaults.IsTransient(exception)) return false;
        health.Failed(exception);
        return await WriteAsync(httpContext, problems, StoreFaults.Describe(exception), StoreHealth.RetryAfter);
    }

    public static ValueTask<bool> WriteAsync(HttpContext context, IProblemDetailsService problems, string reason, TimeSpan retryAfter)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database cannot take writes at the moment",
                Detail = $"{reason} Nothing was changed; try again in {seconds} s.",
            },
        });
    }
}

/// <summary>
/// Answers API writes 503 at once while the database was just seen refusing writes (<see cref="StoreHealth"/>),
/// and marks it healthy again when a write goes through.
/// </summary>
internal sealed class StoreFaultGate(RequestDelegate next, StoreHealth health, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        bool write = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
        if (write && health.RecentFault(out var retryAfter) is { } reason)
        {
            await StoreFaultExceptionHandler.WriteAsync(context, problems, reason, retryAfter);
            return;
        }
        await next(context);
        if (write && context.Response.StatusCode is >= 200 and < 300) health.Succeeded();
    }
}
