using FedBpt.Web.Api.Infrastructure;
using FedBpt.Web.Common;
using FedBpt.Web.Predictions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedBpt.Web.Api.Predict;

public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/predict", Predict).WithName("Predict").WithTags("Predict")
            .WithSummary($"Classify up to {PredictionService.MaxTexts} texts with an experiment's best or final prompt, and zero-shot for comparison.");
        return api;
    }

    private static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> Predict(
        PredictRequest request, PredictionService predictions, CancellationToken cancellationToken)
    {
        var predicted = await predictions.PredictAsync(request, cancellationToken);
        return predicted.Failure switch
        {
            null => TypedResults.Ok(predicted.Value),
            { Kind: FailureKind.Invalid } failure => failure.Invalid(),
            var failure => failure.Problem(),
        };
    }
}
