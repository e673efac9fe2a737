using Hangfire.Dashboard;

namespace FedBpt.Web.Security;

/// <summary>
/// Who may use Hangfire's dashboard: with a token, whoever logged in (the endpoint already requires it); without
/// one, local requests only, as Hangfire's own default.
/// </summary>
internal sealed class DashboardAccess(bool tokenRequired) : IDashboardAuthorizationFilter
{
    private static readonly LocalRequestsOnlyAuthorizationFilter LocalOnly = new();

    public bool Authorize(DashboardContext context) =>
        tokenRequired ? context.GetHttpContext().User.Identity?.IsAuthenticated == true : LocalOnly.Authorize(context);
}
