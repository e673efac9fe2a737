using System.Net;

namespace FedBpt.Engine.Tracking.Mlflow;

/// <summary>
/// A call the tracking server refused or could not answer. <see cref="Retryable"/>: the server is down, busy or slow
/// (no answer, 408, 429, 5xx), so the same call may succeed later; otherwise it never will (bad request, auth).
/// </summary>
public sealed class MlflowException(string message, HttpStatusCode? status, string? errorCode, bool retryable, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
    public string? ErrorCode { get; } = errorCode;
    public bool Retryable { get; } = retryable;
}
