namespace FedBpt.Web.Security;

/// <summary>The <c>FedBpt:Auth</c> section: the token that opens the API (as a bearer token) and the dashboard (its login page).</summary>
public sealed class AuthOptions
{
    public const string Section = "FedBpt:Auth";

    /// <summary>Shortest token accepted: 16 characters, e.g. <c>openssl rand -hex 32</c> gives 64.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Empty: no authentication, and the service must listen on loopback addresses only.</summary>
    public string? Token { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Token);
}
