namespace FedBpt.Engine.Data;

/// <summary>A data file that cannot be read as a task's examples; the message names the file (and line).</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string message) : base(message) { }

    public DataFormatException(string message, Exception innerException) : base(message, innerException) { }
}
