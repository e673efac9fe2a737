namespace FedBpt.Storage.Data;

/// <summary>
/// Which engine holds the experiment database (<c>FedBpt:Database:Provider</c>). SQLite is the embedded default;
/// PostgreSQL lets several web and worker processes share one database (docs/adr/0011-scale-out.md).
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviders
{
    public const string ConfigurationKey = "FedBpt:Database:Provider";

    /// <summary>Reads the setting: empty means SQLite; anything but "sqlite" or "postgres" is refused by name.</summary>
    public static DatabaseProvider Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"{ConfigurationKey} is '{value}'; use 'sqlite' (the default) or 'postgres'."),
    };
}
