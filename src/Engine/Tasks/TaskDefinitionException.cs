namespace FedBpt.Engine.Tasks;

/// <summary>A task definition (built-in or custom) that cannot be used; the message names the problem.</summary>
public sealed class TaskDefinitionException : Exception
{
    public TaskDefinitionException(string message) : base(message) { }

    public TaskDefinitionException(string message, Exception innerException) : base(message, innerException) { }
}
