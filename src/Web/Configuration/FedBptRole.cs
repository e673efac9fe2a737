namespace FedBpt.Web.Configuration;

/// <summary>What this process does (<c>FedBpt:Role</c>); see README "Scaling out" and docs/adr/0011-scale-out.md.</summary>
public enum FedBptRole
{
    /// <summary>Dashboard, API and a job server: the single-machine default.</summary>
    All,
    /// <summary>Dashboard and API; runs no jobs (workers on the shared PostgreSQL database run them).</summary>
    Web,
    /// <summary>A job server only: no dashboard, no API.</summary>
    Worker,
}
