using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Api.Infrastructure;
using FedBpt.Web.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Api.Predict;

public static class PredictApi
{
    public const int MaxTexts = 64;
    public const int MaxTextLength = 2000;

    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/predict", Predict).WithName("Predict").WithTags("Predict")
            .WithSummary($"Classify up to {MaxTexts} texts with an experiment's best or final prompt, and zero-shot for comparison.");
        return api;
    }

    private static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> Predict(
        PredictRequest request, ExperimentStore store, ModelCache models, IOptions<FedBptOptions> options, CancellationToken cancellationToken)
    {
        var which = request.Which?.Trim().ToLowerInvariant() ?? "best";
        if (!Enum.TryParse<PromptKind>(which, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            return Problems.Invalid("which", "must be best or final.");
        if (CheckTexts(request.Texts, "texts") is { } textsError) return textsError;

        if (await store.GetAsync(request.ExperimentId, cancellationToken) is null) return Problems.ExperimentNotFound(request.ExperimentId);
        if (await store.GetPromptAsync(request.ExperimentId, kind, cancellationToken) is not { } artifact)
            return Problems.NotFound($"Experiment {request.ExperimentId} has no {which} prompt yet: it has not completed a round.");
        var prompt = PromptDocument.FromJson(artifact.Json);
        if (!TaskCatalog.TryGet(prompt.Task, out var task))
            return Problems.Conflict($"The prompt's task '{prompt.Task}' is not available.");

        var texts = request.Texts!;
        bool pair = task.TextBColumn is not null;
        if (pair && (request.TextsB is null || request.TextsB.Count != texts.Count))
            return Problems.Invalid("textsB", $"task '{task.Name}' classifies pairs: give as many second texts as texts.");
        if (!pair && request.TextsB is not null)
            return Problems.Invalid("textsB", $"task '{task.Name}' classifies single texts; leave textsB out.");
        if (pair && CheckTexts(request.TextsB, "textsB") is { } textsBError) return textsBError;

        ModelCache.ModelHandle model;
        try
        {
            model = models.Acquire(prompt.Model);
        }
        catch (DirectoryNotFoundException e)
        {
            return Problems.Conflict(e.Message);
        }

        var inputs = texts.Select((t, i) => new LabeledText(t, pair ? request.TextsB![i] : null, 0)).ToArray();
        IReadOnlyList<PromptPrediction> predictions;
        try
        {
            predictions = PromptPredictor.Predict(model.Assets, task, prompt, inputs, options.Value.MaxTokensPerForward);
        }
        catch (InvalidDataException e)
        {
            return Problems.Invalid("texts", e.Message); // too long for the model
        }
        finally
        {
            model.Dispose();
        }

        var labels = task.LabelWords;
        return TypedResults.Ok(new PredictResponse(request.ExperimentId, which, artifact.Round, artifact.Accuracy, labels,
            predictions.Select((p, i) => new TextPrediction(inputs[i].TextA, inputs[i].TextB, labels[p.PredictedClass], p.Probabilities,
                labels[p.ZeroShotClass], p.ZeroShotProbabilities)).ToArray()));
    }

    private static ValidationProblem? CheckTexts(IReadOnlyList<string>? texts, string field)
    {
        if (texts is null || texts.Count == 0) return Problems.Invalid(field, "give at least one text.");
        if (texts.Count > MaxTexts) return Problems.Invalid(field, $"at most {MaxTexts} texts per request.");
        for (int i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i])) return Problems.Invalid(field, $"text {i} is empty.");
            if (texts[i].Length > MaxTextLength) return Problems.Invalid(field, $"text {i} is {texts[i].Length} characters; the limit is {MaxTextLength}.");
        }
        return null;
    }
}
