using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Security;

/// <summary>
/// With <c>FedBpt:Auth:Token</c> set, every request needs the token: the API as <c>Authorization: Bearer</c>, the
/// dashboard (pages, Blazor circuits, file downloads, Hangfire) through the cookie its login page sets. Without a
/// token nothing is required, and start-up has made sure the service listens on loopback only.
/// </summary>
public static class TokenAuthentication
{
    public const string Scheme = "FedBpt";
    public const string BearerScheme = "Bearer";
    public const string CookieScheme = "Cookie";
    public const string CookieName = "FedBpt.Auth";
    public const string LoginPolicy = "login";

    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or login cookie", o =>
                o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? BearerScheme : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerScheme, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                // Never sent with a request another site starts; the dashboard's own requests are same-site.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                o.LoginPath = LoginEndpoints.LoginPath;
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnRedirectToLogin = context =>
                {
                    // The API answers 401 with the scheme it takes; pages go to the login form.
                    if (context.Request.Path.StartsWithSegments("/api")) return BearerTokenHandler.ChallengeAsync(context.Response);
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            if (auth.Value.Enabled) o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        // A token is long and random; still, a client that keeps guessing is slowed down.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }

    /// <summary>Compares in constant time (over hashes, so the length does not leak either).</summary>
    public static bool Matches(string? given, string? token) =>
        !string.IsNullOrEmpty(given) && !string.IsNullOrEmpty(token)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));

    /// <summary>The one identity there is: whoever holds the token.</summary>
    public static ClaimsPrincipal Principal(string scheme) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "token holder")], scheme));
}

/// <summary><c>Authorization: Bearer &lt;FedBpt:Auth:Token&gt;</c>.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(TokenAuthentication.Matches(header["Bearer ".Length..], auth.Value.Token)
            ? AuthenticateResult.Success(new AuthenticationTicket(TokenAuthentication.Principal(Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("The bearer token is not this service's token."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ChallengeAsync(Response);

    internal static Task ChallengeAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Bearer realm=\"FedBpt\"";
        return Task.CompletedTask;
    }
}
