namespace FedBpt.Engine.Modeling;

/// <summary>A model folder, config or checkpoint that cannot be used; the message says what and where.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
