namespace FedBpt.Storage.Data;

/// <summary>
/// Column lengths, shared by the model and by the code that truncates free text before saving. SQLite does not
/// enforce them, but they document intent and become real limits on a server database.
/// </summary>
public static class FieldLengths
{
    public const int Name = 200;
    public const int Short = 64;
    public const int ModelName = 256;
    public const int EnumText = 16;
    public const int JobId = 100;
    public const int LeaseOwner = 200;
    public const int Error = 8000;
    public const int LogMessage = 4000;
    public const int FileName = 260;
    /// <summary>Hangfire queue names: lower-case letters, digits, underscores.</summary>
    public const int Queue = 20;
}
