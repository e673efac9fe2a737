using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Web.Catalog;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Common;

/// <summary>
/// Keeps the server's absolute paths out of what users read (API errors, the catalog, a failed run's reason): a
/// file under a model or data root is named by the root as configured and its path inside it, an uploaded
/// dataset's cache file by "uploads/…", the Hugging Face cache by "$HF_HUB_CACHE", anything else under the content
/// root relative to it.
/// </summary>
public sealed class ServerPaths(IOptions<FedBptOptions> options, DatasetFiles uploads, HubAccess hub)
{
    public string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var o = options.Value;
        message = ContentRoots.Models(o).Redact(message);
        message = ContentRoots.Data(o).Redact(message);
        message = message.Replace(uploads.Root, "uploads", StringComparison.Ordinal);
        message = message.Replace(hub.Files.Cache.Root, "$HF_HUB_CACHE", StringComparison.Ordinal);
        if (o.BasePath is { Length: > 1 } basePath)
            message = message.Replace(basePath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        return message;
    }
}
