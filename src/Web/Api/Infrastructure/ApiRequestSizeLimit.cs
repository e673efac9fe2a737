using FedBpt.Engine.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Api.Infrastructure;

/// <summary>
/// Caps API request bodies: JSON bodies (specs, prediction texts) well below Kestrel's 30 MB default, dataset
/// uploads at <c>FedBpt:MaxUploadBytes</c> plus room for the form's framing. A declared length over the cap is
/// refused before anything is read; a chunked body is cut off by Kestrel at the same cap.
/// </summary>
internal sealed class ApiRequestSizeLimit(RequestDelegate next, IOptions<FedBptOptions> options)
{
    public const long MaxBytes = 1024 * 1024;
    private const long FormOverhead = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        long cap = context.Request.Path.StartsWithSegments("/api/datasets")
            ? options.Value.MaxUploadBytes + FormOverhead
            : MaxBytes;
        if (context.Request.ContentLength > cap)
        {
            throw new BadHttpRequestException(
                $"The request body is {context.Request.ContentLength} bytes; this endpoint accepts at most {cap}.",
                StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = cap;
        return next(context);
    }
}
