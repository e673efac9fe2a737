namespace FedBpt.Engine.Tasks;

/// <summary>One raw example: its text(s) as read from the data file and its class index.</summary>
public sealed record LabeledText(string TextA, string? TextB, int Label);
