namespace FedBpt.Web.Predictions;

/// <summary>Texts to classify with an experiment's best or final prompt; <see cref="TextsB"/> holds the second texts of pair tasks.</summary>
public sealed record PredictRequest(int ExperimentId, string? Which, IReadOnlyList<string>? Texts, IReadOnlyList<string>? TextsB);

public sealed record PredictResponse(
    int ExperimentId,
    string Which,
    int PromptRound,
    double? PromptAccuracy,
    IReadOnlyList<string> Labels,
    IReadOnlyList<TextPrediction> Predictions);

/// <summary>One text's label (the verbalizer word) and class probabilities, tuned and zero-shot, in <see cref="PredictResponse.Labels"/> order.</summary>
public sealed record TextPrediction(
    string Text,
    string? TextB,
    string Label,
    IReadOnlyList<double> Probabilities,
    string ZeroShotLabel,
    IReadOnlyList<double> ZeroShotProbabilities);
