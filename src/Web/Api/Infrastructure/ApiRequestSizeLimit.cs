using Microsoft.AspNetCore.Http.Features;

namespace FedBpt.Web.Api.Infrastructure;

/// <summary>
/// Caps API request bodies (JSON only: specs, prediction texts) well below Kestrel's 30 MB default. A declared
/// length over the cap is refused before anything is read; a chunked body is cut off by Kestrel at the same cap.
/// </summary>
internal sealed class ApiRequestSizeLimit(RequestDelegate next)
{
    public const long MaxBytes = 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            throw new BadHttpRequestException(
                $"The request body is {context.Request.ContentLength} bytes; the API accepts at most {MaxBytes}.",
                StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
        return next(context);
    }
}
