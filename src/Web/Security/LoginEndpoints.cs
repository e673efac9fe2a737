using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Security;

/// <summary>
/// The login page: one field for the token, which sets the dashboard's cookie. A plain form rather than a Blazor
/// page, since every Blazor page needs the circuit the cookie opens. Mapped only when a token is configured.
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";

    /// <summary>The form's fields; both optional for binding (a missing token simply does not match).</summary>
    public sealed class LoginForm
    {
        public string? Token { get; set; }
        public string? ReturnUrl { get; set; }
    }

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
                Page(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK))
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(LoginPath, async (HttpContext context, IAntiforgery antiforgery, IOptions<AuthOptions> auth, [FromForm] LoginForm form) =>
            {
                if (!TokenAuthentication.Matches(form.Token, auth.Value.Token))
                    return Page(context, antiforgery, form.ReturnUrl, "That is not this service's token.", StatusCodes.Status401Unauthorized);
                await context.SignInAsync(TokenAuthentication.CookieScheme, TokenAuthentication.Principal(TokenAuthentication.CookieScheme),
                    new AuthenticationProperties { IsPersistent = true });
                return Results.Redirect(LocalOrHome(form.ReturnUrl));
            })
            .AllowAnonymous().RequireRateLimiting(TokenAuthentication.LoginPolicy).ExcludeFromDescription();
        endpoints.MapPost("/logout", async (HttpContext context) =>
            {
                await context.SignOutAsync(TokenAuthentication.CookieScheme);
                return Results.Redirect(LoginPath);
            })
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative URL would make the login page an open redirect.</summary>
    internal static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>Log in · FedBpt</title>
              <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
              <style>
                body {"{"} font-family: Roboto, Helvetica, Arial, sans-serif; background: #f5f5f5; display: grid; place-items: center; min-height: 100vh; margin: 0; {"}"}
                form {"{"} background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.2); width: min(24rem, 90vw); {"}"}
                label, input, button {"{"} display: block; width: 100%; box-sizing: border-box; font-size: 1rem; {"}"}
                input {"{"} padding: .5rem; margin: .25rem 0 1rem; {"}"}
                button {"{"} padding: .6rem; background: #1565c0; color: #fff; border: 0; border-radius: 4px; cursor: pointer; {"}"}
                .error {"{"} color: #c62828; {"}"}
              </style>
            </head>
            <body>
              <form method="post" action="{LoginPath}">
                <h1 style="font-size: 1.4rem">FedBpt</h1>
                <p>This service needs its access token (<code>FedBpt:Auth:Token</code>).</p>
                {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
                <label for="token">Token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
                <input type="hidden" name="returnUrl" value="{E(LocalOrHome(returnUrl))}" />
                <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}" />
                <button type="submit">Log in</button>
              </form>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
