using System.Text.Json.Nodes;

namespace FedBpt.Web.Tests.Infrastructure;

/// <summary>Specs small enough that a run on the tiny model takes seconds (a round is mostly the 872-example SST-2 dev evaluation).</summary>
public static class Specs
{
    public static JsonObject Tiny(int numRounds = 2) => new()
    {
        ["task"] = "sst2",
        ["model"] = "tiny-roberta-mlm",
        ["numClients"] = 2,
        ["numRounds"] = numRounds,
        ["kShot"] = 4,
        ["intrinsicDim"] = 20,
        ["nPromptTokens"] = 5,
        ["verbalizerLeadingSpace"] = true,
    };

    public static JsonObject With(this JsonObject spec, string key, JsonNode? value)
    {
        var copy = (JsonObject)spec.DeepClone();
        copy[key] = value;
        return copy;
    }
}
