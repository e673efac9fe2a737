using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Catalog;
using FedBpt.Web.Common;
using FedBpt.Web.Runtime;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Predictions;

/// <summary>
/// Classifies texts with an experiment's best or final prompt and, for comparison, with the plain template
/// (zero-shot): the one implementation behind POST /api/predict and the playground.
/// </summary>
public sealed class PredictionService(
    ExperimentStore store, ModelCache models, TaskResolver tasks, IOptions<FedBptOptions> options)
{
    public const int MaxTexts = 64;
    public const int MaxTextLength = 2000;

    public async Task<Outcome<PredictResponse>> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default)
    {
        var which = request.Which?.Trim().ToLowerInvariant() ?? "best";
        if (!Enum.TryParse<PromptKind>(which, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            return Failure.Invalid("which", "must be best or final.");
        if (CheckTexts(request.Texts, "texts") is { } textsError) return textsError;

        if (await store.GetAsync(request.ExperimentId, cancellationToken) is null) return Failure.ExperimentNotFound(request.ExperimentId);
        if (await store.GetPromptAsync(request.ExperimentId, kind, cancellationToken) is not { } artifact)
            return Failure.NotFound($"Experiment {request.ExperimentId} has no {which} prompt yet: it has not completed a round.");
        var prompt = PromptDocument.FromJson(artifact.Json);
        TaskDefinition? task;
        try
        {
            task = await tasks.FindAsync(prompt.Task, cancellationToken);
        }
        catch (TaskDefinitionException e)
        {
            return Failure.Conflict(e.Message);
        }
        if (task is null) return Failure.Conflict($"The prompt's task '{prompt.Task}' is not available: its dataset was deleted.");

        var texts = request.Texts!;
        bool pair = task.TextBColumn is not null;
        if (pair && (request.TextsB is null || request.TextsB.Count != texts.Count))
            return Failure.Invalid("textsB", $"task '{task.Name}' classifies pairs: give as many second texts as texts.");
        if (!pair && request.TextsB is not null)
            return Failure.Invalid("textsB", $"task '{task.Name}' classifies single texts; leave textsB out.");
        if (pair && CheckTexts(request.TextsB, "textsB") is { } textsBError) return textsBError;

        ModelCache.ModelHandle model;
        try
        {
            model = models.Acquire(prompt.Model);
        }
        catch (DirectoryNotFoundException e)
        {
            return Failure.Conflict(e.Message);
        }

        var inputs = texts.Select((t, i) => new LabeledText(t, pair ? request.TextsB![i] : null, 0)).ToArray();
        IReadOnlyList<PromptPrediction> predictions;
        try
        {
            predictions = PromptPredictor.Predict(model.Assets, task, prompt, inputs, options.Value.MaxTokensPerForward);
        }
        catch (InvalidDataException e)
        {
            return Failure.Invalid("texts", e.Message); // too long for the model
        }
        finally
        {
            model.Dispose();
        }

        var labels = task.LabelWords;
        return new PredictResponse(request.ExperimentId, which, artifact.Round, artifact.Accuracy, labels,
            predictions.Select((p, i) => new TextPrediction(inputs[i].TextA, inputs[i].TextB, labels[p.PredictedClass], p.Probabilities,
                labels[p.ZeroShotClass], p.ZeroShotProbabilities)).ToArray());
    }

    private static Failure? CheckTexts(IReadOnlyList<string>? texts, string field)
    {
        if (texts is null || texts.Count == 0) return Failure.Invalid(field, "give at least one text.");
        if (texts.Count > MaxTexts) return Failure.Invalid(field, $"at most {MaxTexts} texts per request.");
        for (int i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i])) return Failure.Invalid(field, $"text {i} is empty.");
            if (texts[i].Length > MaxTextLength) return Failure.Invalid(field, $"text {i} is {texts[i].Length} characters; the limit is {MaxTextLength}.");
        }
        return null;
    }
}
